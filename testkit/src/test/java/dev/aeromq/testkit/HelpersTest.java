package dev.aeromq.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelpersTest
{
    @Test
    void namesAreUniqueAndCarryTheStemAndPid()
    {
        final Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++)
        {
            assertTrue(names.add(Names.unique("stem")));
        }
        final String ipc = Names.ipc("orders");
        assertTrue(ipc.startsWith("ipc://orders-" + ProcessHandle.current().pid() + "-"), ipc);
    }

    @Test
    void aFreePortIsAUsablePortNumber()
    {
        final int port = Ports.freeUdpPort();
        assertTrue(port > 0 && port <= 65535, Integer.toString(port));
        assertTrue(Ports.loopbackUdpEndpoint().startsWith("udp://127.0.0.1:"));
    }

    @Test
    void patternsDifferBySeedAndAreRecognised()
    {
        final byte[] one = Bytes.pattern(100, 1);
        assertTrue(Bytes.isPattern(one, 1));
        assertFalse(Bytes.isPattern(one, 2));
        assertNotEquals(Bytes.at(0, 1), Bytes.at(0, 2));
        Bytes.assertPattern(100, 1, one);

        one[57]++;
        final AssertionError error = assertThrows(AssertionError.class,
            () -> Bytes.assertPattern(100, 1, one));
        assertTrue(error.getMessage().contains("byte 57"), error.getMessage());
        assertThrows(AssertionError.class, () -> Bytes.assertPattern(99, 1, Bytes.pattern(100, 1)));
    }

    @Test
    void toArrayCopiesTheRemainingBytesWithoutMovingThePosition()
    {
        final ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        buffer.position(1);
        assertArrayEquals(new byte[] {2, 3, 4}, Bytes.toArray(buffer));
        assertEquals(1, buffer.position());
    }

    @Test
    void aTempAeronDirectoryIsUniqueAndDeletedOnClose() throws IOException
    {
        final TempAeronDirectory directory = TempAeronDirectory.create("self-test");
        assertNotEquals(directory.name(), TempAeronDirectory.create("self-test").name());
        assertTrue(directory.path().getFileName().toString().startsWith("aeron-test-self-test-"), directory.name());
        assertFalse(directory.exists(), "the driver creates it");

        Files.createDirectories(directory.path().resolve("inner"));
        Files.writeString(directory.path().resolve("inner").resolve("cnc.dat"), "x");
        assertTrue(directory.exists());
        directory.close();
        assertFalse(directory.exists());
        directory.close(); // again: nothing left to do
    }

    @Test
    void aBackgroundCallBlocksAndEndsWithItsValueOrItsException()
    {
        for (final boolean virtual : new boolean[] {false, true})
        {
            final CountDownLatch latch = new CountDownLatch(1);
            final Background<String> call = Background.start(virtual, "latch wait", () ->
            {
                latch.await();
                return "done";
            });
            call.awaitBlocked();
            assertEquals(virtual, call.thread().isVirtual());
            assertFalse(call.isDone());
            latch.countDown();
            assertEquals("done", call.result());
        }

        final Background<String> failing = Background.platform("failing", () ->
        {
            throw new IllegalStateException("boom");
        });
        assertEquals("boom", failing.failure(IllegalStateException.class).getMessage());
    }
}

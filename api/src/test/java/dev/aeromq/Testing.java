package dev.aeromq;

import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Bytes;
import dev.aeromq.testkit.Names;
import dev.aeromq.testkit.Ports;
import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared test support: isolated communicators, unique endpoints, and waiting on a condition with a
 * deadline instead of sleeping. The generic helpers live in the testkit module; these delegate to them.
 */
public final class Testing
{
    /** Generous upper bound for anything that should happen "soon" on a loaded 2-core machine. */
    public static final Duration WAIT = Await.WAIT;

    /** Bytes compared at a time by {@link #assertPattern}: a multiple of the pattern's period of 256. */
    private static final int PATTERN_BLOCK = 64 * 1024;

    private Testing()
    {
    }

    /**
     * @return settings for tests: small terms (max message 512 KiB), fast heartbeats, short linger.
     */
    public static Config.Builder config()
    {
        return Config.builder()
            .termLength(4 * 1024 * 1024)
            .heartbeatInterval(Duration.ofMillis(100))
            .peerTimeout(Duration.ofSeconds(2))
            .linger(Duration.ofMillis(500))
            .sendTimeout(WAIT)
            .receiveTimeout(WAIT);
    }

    /**
     * @return a communicator with its own embedded media driver and directory.
     */
    public static Communicator open()
    {
        return Communicator.open(config().build());
    }

    /**
     * @param name a readable stem.
     * @return an {@code ipc://} endpoint no other test uses.
     */
    public static String ipc(final String name)
    {
        return Names.ipc(name);
    }

    /**
     * @return a {@code udp://127.0.0.1:PORT} endpoint on a port that was free a moment ago; prefer
     * binding {@code udp://127.0.0.1:0} and reading {@link Socket#endpoint()} where the test allows.
     */
    public static String udp()
    {
        return Ports.loopbackUdpEndpoint();
    }

    /** The two transports every delivery rule runs over. */
    public enum Transport
    {
        /** Shared-memory IPC through the media driver. */
        IPC,
        /** UDP unicast on loopback. */
        UDP;

        /**
         * @param name readable stem for IPC names.
         * @return a fresh endpoint of this transport to bind on.
         */
        public String endpoint(final String name)
        {
            return this == IPC ? ipc(name) : udp();
        }

        /**
         * @param name readable stem for IPC names.
         * @return an endpoint of this transport to bind on: a fresh IPC name, or loopback UDP on port 0 (the
         * port the system picks is then {@link Socket#endpoint()}: no race for a port another process takes).
         */
        public String bindable(final String name)
        {
            return this == IPC ? ipc(name) : "udp://127.0.0.1:0";
        }
    }

    /**
     * Wait until a condition holds, failing the test at the deadline.
     *
     * @param what      description for the failure message.
     * @param condition polled until true.
     */
    public static void await(final String what, final BooleanSupplier condition)
    {
        await(what, WAIT, condition);
    }

    /**
     * Wait until a condition holds, failing the test at the deadline.
     *
     * @param what      description for the failure message.
     * @param timeout   how long to wait.
     * @param condition polled until true.
     */
    public static void await(final String what, final Duration timeout, final BooleanSupplier condition)
    {
        Await.await(what, timeout, condition);
    }

    /**
     * @param length bytes.
     * @param seed   varies the content.
     * @return bytes with a recognisable pattern, for checking that frames arrive intact.
     */
    public static byte[] filled(final int length, final int seed)
    {
        return Bytes.pattern(length, seed);
    }

    /**
     * @param buffer read without moving its position.
     * @return a copy of its remaining bytes.
     */
    public static byte[] toArray(final ByteBuffer buffer)
    {
        return Bytes.toArray(buffer);
    }

    /**
     * Receive with the standard wait, failing the test if nothing comes.
     *
     * @param socket to receive on.
     * @param what   what was expected, for the failure message.
     * @return the message.
     */
    public static Message receive(final ReceivingSocket socket, final String what)
    {
        final var message = socket.receive(WAIT);
        assertTrue(message.isPresent(), () -> "no " + what + " within " + WAIT);
        return message.get();
    }

    /**
     * Fail the test unless a frame holds exactly the {@link Bytes} pattern of this seed and length. Compared
     * in place a block at a time (the pattern repeats every 256 bytes), so a frame of hundreds of MiB, or
     * one in off-heap memory, is checked quickly without a copy of it.
     *
     * @param what   names the frame in the failure message.
     * @param frame  to check: its capacity must be the length.
     * @param length expected.
     * @param seed   of the expected pattern.
     */
    public static void assertPattern(final String what, final DirectBuffer frame, final long length, final int seed)
    {
        assertEquals(length, frame.capacity(), () -> "length of " + what);
        final byte[] expected = Bytes.pattern(PATTERN_BLOCK, seed);
        final byte[] actual = new byte[PATTERN_BLOCK];
        for (long offset = 0; offset < length; offset += PATTERN_BLOCK)
        {
            final int count = (int)Math.min(PATTERN_BLOCK, length - offset);
            frame.getBytes((int)offset, actual, 0, count);
            final int mismatch = Arrays.mismatch(actual, 0, count, expected, 0, count);
            if (mismatch >= 0)
            {
                final int index = (int)offset + mismatch;
                fail("byte " + index + " of " + what + " (" + length + " bytes) is " + actual[mismatch] +
                    ", the pattern of seed " + seed + " has " + Bytes.at(index, seed) + " there");
            }
        }
    }
}

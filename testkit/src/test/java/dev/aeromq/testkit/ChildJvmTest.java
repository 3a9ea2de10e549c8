package dev.aeromq.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildJvmTest
{
    @Test
    void aChildSpeaksInLinesAndTakesCommands()
    {
        final AtomicInteger echoes = new AtomicInteger();
        try (ChildJvm child = ChildJvm.builder("echo", EchoChild.class)
            .property("echo.greeting", "hi")
            .onLine(line -> echoes.addAndGet(line.startsWith("ECHO") ? 1 : 0))
            .start())
        {
            assertEquals("READY hi", child.awaitLine("READY "));
            child.send("one");
            child.send("two");
            assertEquals("ECHO two", child.awaitLine("ECHO t"));
            assertEquals("ECHO one", child.awaitLine("ECHO "), "the first line with the prefix");
            assertEquals(2, echoes.get());
            assertNotEquals(ProcessHandle.current().pid(), child.pid());

            child.send("exit");
            assertEquals(0, child.awaitExit(Await.WAIT));
            assertTrue(child.line("EXIT").isPresent());
        }
    }

    @Test
    void killIsImmediateAndLeavesWhatWasWrittenReadable()
    {
        try (ChildJvm child = ChildJvm.builder("victim", EchoChild.class).start())
        {
            child.awaitLine("READY");
            child.send("last words");
            child.awaitLine("ECHO last words");
            final long before = System.nanoTime();
            final long killedAt = child.kill();
            assertTrue(killedAt >= before);
            assertFalse(child.isAlive());
            assertEquals(137, child.awaitExit(Await.WAIT), "SIGKILL");
            assertTrue(child.lines().contains("ECHO last words"));
        }
    }

    @Test
    void aChildThatReportsAnErrorFailsTheWaitAtOnce()
    {
        try (ChildJvm child = ChildJvm.builder("failing", EchoChild.class).start())
        {
            child.awaitLine("READY");
            child.send("fail");
            final long startNs = System.nanoTime();
            final AssertionError error = assertThrows(AssertionError.class,
                () -> child.awaitLine("NEVER", Duration.ofMinutes(1)));
            assertTrue(error.getMessage().contains("asked to fail"), error.getMessage());
            assertTrue(error.getMessage().contains("IllegalStateException"), "with the stack: " + error.getMessage());
            assertTrue(System.nanoTime() - startNs < Duration.ofSeconds(30).toNanos(), "not at the deadline");
        }
    }

    @Test
    void aChildThatExitsWithoutTheLineFailsTheWait()
    {
        try (ChildJvm child = ChildJvm.builder("leaving", EchoChild.class).start())
        {
            child.awaitLine("READY");
            child.send("exit");
            final AssertionError error = assertThrows(AssertionError.class,
                () -> child.awaitLine("NEVER", Duration.ofMinutes(1)));
            assertTrue(error.getMessage().contains("exited"), error.getMessage());
        }
    }
}

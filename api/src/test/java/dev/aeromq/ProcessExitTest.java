package dev.aeromq;

import dev.aeromq.testkit.ChildJvm;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No thread of AeroMQ keeps a JVM alive, and a JVM that exits or gets SIGTERM with communicators still open
 * closes them, so no media driver directory is left behind. Real child JVMs.
 */
class ProcessExitTest
{
    private static final List<String> OPTIONS = List.of("-Daeromq.term.length=4m");
    private static final Duration EXIT = Duration.ofSeconds(20);

    @Test
    void jvmThatForgetsCloseStillExitsAndLeavesNoDirectory()
    {
        try (ChildJvm child = ChildJvm.start(ChildPrograms.ForgetsClose.class.getName(), OPTIONS))
        {
            final File dir = new File(child.awaitLine("DIR "));
            assertEquals("hello", child.awaitLine("RECEIVED "));
            final long mainReturnedNs = System.nanoTime();
            assertEquals(0, child.awaitExit(EXIT), "the child exits by itself: " + child.output());
            System.out.println("main returned without close -> JVM exited in " +
                Duration.ofNanos(System.nanoTime() - mainReturnedNs).toMillis() + " ms");
            assertFalse(dir.exists(), "the shutdown hook closed the communicator and removed " + dir);
        }
    }

    @Test
    void sigtermClosesOpenCommunicatorsAndLeavesNoDirectory()
    {
        try (ChildJvm child = ChildJvm.start(ChildPrograms.BindAndWait.class.getName(), OPTIONS,
            Testing.ipc("sigterm")))
        {
            final File dir = new File(child.awaitLine("DIR "));
            child.awaitLine("BOUND ");
            assertTrue(dir.exists());
            child.terminate();
            child.awaitExit(EXIT);
            assertFalse(dir.exists(), "SIGTERM closed the communicator and removed " + dir + "; the child printed:\n" +
                child.output());
        }
    }
}

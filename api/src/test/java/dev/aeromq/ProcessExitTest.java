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
        try (ChildJvm child = ChildPrograms.start(ChildPrograms.ForgetsClose.class, OPTIONS))
        {
            final File dir = new File(ChildPrograms.value(child, "DIR "));
            assertEquals("hello", ChildPrograms.value(child, "RECEIVED "));
            final long mainReturnedNs = System.nanoTime();
            assertEquals(0, child.awaitExit(EXIT), "the child exits by itself: " + child.describe());
            System.out.println("main returned without close -> JVM exited in " +
                Duration.ofNanos(System.nanoTime() - mainReturnedNs).toMillis() + " ms");
            assertFalse(dir.exists(), "the shutdown hook closed the communicator and removed " + dir);
        }
    }

    @Test
    void sigtermClosesOpenCommunicatorsAndLeavesNoDirectory()
    {
        try (ChildJvm child = ChildPrograms.start(ChildPrograms.BindAndWait.class, OPTIONS,
            Testing.ipc("sigterm")))
        {
            final File dir = new File(ChildPrograms.value(child, "DIR "));
            ChildPrograms.value(child, "BOUND ");
            assertTrue(dir.exists());
            child.terminate();
            child.awaitExit(EXIT);
            assertFalse(dir.exists(), "SIGTERM closed the communicator and removed " + dir + "; the child printed:\n" +
                child.describe());
        }
    }
}

package dev.aeromq;

import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.ChildJvm;
import dev.aeromq.testkit.TempAeronDirectory;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AeroMQ never deletes a directory it did not create: an embedded driver refuses a live driver's directory
 * and a directory holding other files; the directories of embedded drivers whose process died are removed
 * by the next communicator that starts, and those of live processes are left alone.
 */
class DriverDirectoryTest
{
    @Test
    void embeddedDriverRefusesALiveDriversDirectoryAndLeavesItIntact()
    {
        try (TempAeronDirectory dir = TempAeronDirectory.create("live-driver");
            ChildJvm driver = ExternalDriver.start(dir))
        {
            final ConfigException ex = assertThrows(ConfigException.class,
                () -> Communicator.open(Testing.config().aeronDirectory(dir.name()).build()));
            assertTrue(ex.getMessage().contains("is running in " + dir.name()) &&
                ex.getMessage().contains("pid " + driver.pid()) &&
                ex.getMessage().contains("externalDriver=true") &&
                ex.getMessage().contains("another aeronDirectory"), ex.getMessage());

            assertTrue(new File(dir.name(), "cnc.dat").exists(), "the live driver's cnc.dat is intact");
            assertTrue(ExternalDriver.isActive(dir.name()), "the live driver still runs");
            try (Communicator attached = Communicator.open(
                Testing.config().externalDriver(true).aeronDirectory(dir.name()).build()))
            {
                final PullSocket pull = attached.pull().bind(Testing.ipc("still-live"));
                final PushSocket push = attached.push().connect(pull.endpoint());
                push.awaitPeers(1, Testing.WAIT);
                push.send(Message.of("still there"));
                assertEquals("still there", Testing.receive(pull, "a message through the live driver").text());
            }
            assertTrue(driver.isAlive() && ExternalDriver.isActive(dir.name()));
        }
    }

    @Test
    void embeddedDriverRefusesADirectoryHoldingOtherFiles() throws IOException
    {
        final Path dir = Files.createTempDirectory("aeromq-not-a-driver-");
        final Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        try
        {
            final ConfigException ex = assertThrows(ConfigException.class,
                () -> Communicator.open(Testing.config().aeronDirectory(dir.toString()).build()));
            assertTrue(ex.getMessage().contains(dir + " exists and is not a media driver's directory") &&
                ex.getMessage().contains("new or empty directory"), ex.getMessage());
            assertEquals("mine", Files.readString(file), "the directory and its files are untouched");
        }
        finally
        {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void anEmptyDirectoryOfTheUsersIsUsedAndLeftInPlace() throws IOException
    {
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "aeromq-users-empty-");
        try
        {
            try (Communicator comm = Communicator.open(Testing.config().aeronDirectory(dir.toString()).build()))
            {
                assertEquals(dir.toString(), comm.aeronDirectory());
                assertTrue(Files.exists(dir.resolve("cnc.dat")));
            }
            assertTrue(Files.isDirectory(dir), "the user's directory is still there");
            try (var files = Files.list(dir))
            {
                assertEquals(0, files.count(), "and empty again");
            }
        }
        finally
        {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void embeddedDirectoryIsNamedAfterItsProcess()
    {
        try (Communicator comm = Testing.open())
        {
            final String name = new File(comm.aeronDirectory()).getName();
            assertTrue(name.matches("aeromq-" + ProcessHandle.current().pid() + "-[0-9a-f]+"), name);
        }
    }

    @Test
    void staleDirectoryOfAKilledProcessIsRemovedAtStartAndALiveOneIsKept()
    {
        final List<String> options = List.of("-Daeromq.term.length=4m");
        try (ChildJvm killed = ChildPrograms.start(ChildPrograms.BindAndWait.class, options, "udp://127.0.0.1:0");
            ChildJvm alive = ChildPrograms.start(ChildPrograms.BindAndWait.class, options, "udp://127.0.0.1:0"))
        {
            final File killedDir = new File(ChildPrograms.value(killed, "DIR "));
            final File aliveDir = new File(ChildPrograms.value(alive, "DIR "));
            assertTrue(killedDir.getName().startsWith("aeromq-" + killed.pid() + "-"), killedDir.getName());
            ChildPrograms.value(killed, "BOUND ");
            ChildPrograms.value(alive, "BOUND ");
            killed.kill();
            assertTrue(killedDir.exists(), "kill -9 leaves the embedded driver's directory behind");

            final Duration driverTimeout = Duration.ofSeconds(2);
            Await.await("the killed driver's heartbeat to go stale", ChildPrograms.START,
                () -> !ExternalDriver.isActive(killedDir.getPath(), driverTimeout.toMillis()));
            try (Communicator comm = Communicator.open(Testing.config().driverTimeout(driverTimeout).build()))
            {
                assertFalse(killedDir.exists(), "a dead process's directory is removed at start: " + killedDir);
                assertTrue(new File(aliveDir, "cnc.dat").exists(), "a live process's directory is kept: " + aliveDir);
                assertTrue(comm.aeronDirectory().startsWith(aliveDir.getParent()));
            }
            assertTrue(alive.isAlive() && ExternalDriver.isActive(aliveDir.getPath()));
        }
    }
}

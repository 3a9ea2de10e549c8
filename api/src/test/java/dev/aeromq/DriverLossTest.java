package dev.aeromq;

import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import dev.aeromq.testkit.ChildJvm;
import dev.aeromq.testkit.TempAeronDirectory;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Losing the media driver or the Aeron client closes every socket of the communicator with a
 * {@link ClosedException} naming the cause, and wakes every blocked call within the driver timeout plus a
 * second. Real processes: an external driver killed with SIGKILL, a process stopped with SIGSTOP.
 */
class DriverLossTest
{
    private static final Duration DRIVER_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration BOUND = DRIVER_TIMEOUT.plusSeconds(1);

    @Test
    void killedExternalDriverClosesEverySocketWithTheCause()
    {
        try (TempAeronDirectory dir = TempAeronDirectory.create("killed-driver");
            ChildJvm driver = ExternalDriver.start(dir))
        {
            final Config config = Testing.config().externalDriver(true).aeronDirectory(dir.name())
                .driverTimeout(DRIVER_TIMEOUT).build();
            final Communicator comm = Communicator.open(config);
            try
            {
                final PullSocket pull = comm.pull().bind(Testing.ipc("lost-pull"));
                final PushSocket push = comm.push(); // no peer: a send waits for one
                final RepSocket rep = comm.rep().bind(Testing.ipc("lost-rep"));
                final ReqSocket req = comm.req().connect(rep.endpoint()).awaitPeers(1, Testing.WAIT);
                final SubSocket sub = comm.sub().connect(Testing.ipc("lost-nobody"));
                final List<Background<?>> calls = List.of(
                    Background.platform("receive", pull::receive),
                    Background.virtual("send", () -> send(push)),
                    Background.virtual("request", () -> req.request(Message.of("?"), Duration.ofMinutes(1))),
                    Background.platform("awaitPeers", () -> sub.awaitPeers(1, Duration.ofMinutes(1))));
                calls.forEach(Background::awaitBlocked);

                final long killedNs = System.nanoTime();
                driver.kill();

                final StringBuilder times = new StringBuilder("driver killed -> ClosedException:");
                for (final Background<?> call : calls)
                {
                    final ClosedException ex = call.failure(ClosedException.class);
                    assertNamesTheLostDriver(ex, dir.name());
                    final Duration took = call.endedAfter(killedNs);
                    times.append(' ').append(call.thread().getName()).append(' ').append(took.toMillis()).append(" ms");
                    assertTrue(took.compareTo(BOUND) <= 0, call.thread().getName() + " ended " + took +
                        " after the kill, more than the driver timeout plus a second");
                }
                System.out.println(times);

                assertTrue(comm.isClosed(), "the communicator closed itself");
                assertNamesTheLostDriver(assertThrows(ClosedException.class, comm::pull), dir.name());
                assertNamesTheLostDriver(assertThrows(ClosedException.class, pull::receive), dir.name());
                assertNamesTheLostDriver(assertThrows(ClosedException.class, () -> push.send(Message.of("x"))),
                    dir.name());
            }
            finally
            {
                comm.close();
            }
        }
    }

    @Test
    void aProcessPausedLongerThanTheClientLivenessTimeoutIsClosedWithTheCause()
    {
        // The child's embedded driver drops a client silent for 2 s; SIGSTOP pauses it as a long GC pause would.
        try (ChildJvm child = ChildPrograms.start(ChildPrograms.BindAndWait.class,
            List.of("-Daeron.client.liveness.timeout=2s", "-Daeromq.term.length=4m"), "udp://127.0.0.1:0"))
        {
            final String dir = ChildPrograms.value(child, "DIR ");
            ChildPrograms.value(child, "BOUND ");
            child.signal("STOP");
            try
            {
                Await.await("the stopped child's driver heartbeat to age past its client liveness timeout",
                    ChildPrograms.START, () -> !ExternalDriver.isActive(dir, 3_000));
            }
            finally
            {
                child.signal("CONT");
            }
            final String closed = ChildPrograms.value(child, "CLOSED ");
            assertTrue(closed.contains("the PULL socket is closed") && closed.contains("Aeron client") &&
                closed.contains(dir) && closed.contains("open a new Communicator"), closed);
            assertEquals(0, child.awaitExit(ChildPrograms.START), "the child exits by itself: " + child.describe());
            assertFalse(new File(dir).exists(), "the closed communicator removed its driver's directory " + dir);
        }
    }

    private static Object send(final PushSocket push)
    {
        push.send(Message.of("x"));
        return null;
    }

    private static void assertNamesTheLostDriver(final ClosedException ex, final String dir)
    {
        final String message = ex.getMessage();
        assertTrue(message.contains("the media driver at " + dir + " stopped responding") &&
            message.contains("driver timeout of 3 s") && message.contains("open a new Communicator"), message);
    }
}

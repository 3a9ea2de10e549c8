package dev.aeromq;

import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import dev.aeromq.testkit.ChildJvm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bound {@code ipc://} name is claimed across the whole media driver: a second communicator or process on
 * the same driver cannot bind it too, and two binding at once agree on one winner.
 */
class IpcClaimTest
{
    @Test
    void anIpcNameBoundInOneCommunicatorCannotBeBoundInAnotherOnTheSameDriver()
    {
        try (Communicator first = Testing.open(); Communicator second = attachedTo(first))
        {
            final String name = Testing.ipc("claimed");
            final PullSocket holder = first.pull().bind(name);

            final InvalidEndpointException ex = assertThrows(InvalidEndpointException.class,
                () -> second.pull().bind(name));
            assertBoundElsewhere(ex, name, first.aeronDirectory());

            holder.unbind(name);
            final PullSocket taker = second.pull().bind(name); // free once unbound
            assertBoundElsewhere(assertThrows(InvalidEndpointException.class, () -> first.pull().bind(name)), name,
                first.aeronDirectory());

            final PushSocket push = first.push().connect(name);
            push.awaitPeers(1, Testing.WAIT);
            push.send(Message.of("to the one binder"));
            assertEquals("to the one binder", Testing.receive(taker, "a message to the binder").text());
            second.close();
        }
    }

    @Test
    void anIpcNameBoundByAnotherProcessCannotBeBoundHere()
    {
        try (Communicator comm = Testing.open())
        {
            final String name = Testing.ipc("claimed-by-child");
            try (ChildJvm child = ChildPrograms.start(ChildPrograms.BindAndWait.class, List.of(
                "-Daeromq.external.driver=true", "-Daeromq.aeron.dir=" + comm.aeronDirectory(),
                "-Daeromq.term.length=4m"), name))
            {
                ChildPrograms.value(child, "BOUND ");
                assertBoundElsewhere(assertThrows(InvalidEndpointException.class, () -> comm.pull().bind(name)), name,
                    comm.aeronDirectory());
                assertTrue(ExternalDriver.isActive(comm.aeronDirectory()));

                child.terminate(); // its shutdown hook closes its communicator, which gives the name back
                child.awaitExit(ChildPrograms.START);
            }
            final PullSocket pull = Await.awaitValue("the name to be free once its process is gone",
                () -> tryBind(comm, name));
            assertEquals(name, pull.endpoint());
        }
    }

    @Test
    void twoCommunicatorsBindingOneNameAtOnceAgreeOnOneWinner() throws InterruptedException
    {
        try (Communicator first = Testing.open(); Communicator second = attachedTo(first))
        {
            for (int round = 0; round < 10; round++)
            {
                final String name = Testing.ipc("race-" + round);
                final CountDownLatch start = new CountDownLatch(1);
                final Background<PullSocket> a = Background.platform("bind-a", () -> bindAfter(start, first, name));
                final Background<PullSocket> b = Background.platform("bind-b", () -> bindAfter(start, second, name));
                start.countDown();
                Await.await("both binds to end", () -> a.isDone() && b.isDone());
                final PullSocket winnerA = outcome(a);
                final PullSocket winnerB = outcome(b);
                assertTrue((winnerA == null) != (winnerB == null), "exactly one of two binders of " + name + " wins");
            }
            second.close();
        }
    }

    private static Communicator attachedTo(final Communicator owner)
    {
        return Communicator.open(Testing.config().externalDriver(true).aeronDirectory(owner.aeronDirectory()).build());
    }

    private static PullSocket bindAfter(final CountDownLatch start, final Communicator comm, final String name)
        throws InterruptedException
    {
        start.await();
        return comm.pull().bind(name);
    }

    private static PullSocket outcome(final Background<PullSocket> bind)
    {
        try
        {
            return bind.result();
        }
        catch (final AssertionError ex)
        {
            assertTrue(ex.getCause() instanceof InvalidEndpointException, () -> "the loser fails to bind: " + ex);
            return null;
        }
    }

    private static PullSocket tryBind(final Communicator comm, final String name)
    {
        final PullSocket pull = comm.pull();
        try
        {
            return pull.bind(name);
        }
        catch (final InvalidEndpointException ex)
        {
            pull.close();
            return null;
        }
    }

    private static void assertBoundElsewhere(final InvalidEndpointException ex, final String name, final String dir)
    {
        final String message = ex.getMessage();
        assertTrue(message.contains("cannot bind " + name) && message.contains("already bound by another process") &&
            message.contains("on the same media driver at " + dir) && message.contains("client liveness timeout"),
            message);
    }
}

package dev.aeromq.faults;

import dev.aeromq.Communicator;
import dev.aeromq.RepSocket;
import dev.aeromq.testkit.ChildSide;

import java.util.concurrent.CountDownLatch;

/**
 * A REP in a child JVM. Arguments: {@code ENDPOINT echo|hold}. Binds, says {@code READY ENDPOINT}, and
 * serves: {@code echo} answers each request with itself; {@code hold} says {@code GOT SEQ} for each
 * request (a {@link Payloads} message) and never answers.
 */
public final class RepMain
{
    private RepMain()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        ChildSide.run(side -> run(side, args));
    }

    private static void run(final ChildSide side, final String[] args) throws Exception
    {
        try (Communicator comm = Child.open("rep"))
        {
            final RepSocket rep = comm.rep().bind(args[0]);
            final CountDownLatch never = new CountDownLatch(1);
            switch (args[1])
            {
                case "echo" -> rep.serve(request -> request);
                case "hold" -> rep.serve(request ->
                {
                    side.say("GOT " + Payloads.check(request));
                    awaitQuietly(never);
                    return null;
                });
                default -> throw new IllegalArgumentException("mode " + args[1]);
            }
            side.say("READY " + rep.endpoint());
            PullMain.awaitCommand(side, "exit");
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}

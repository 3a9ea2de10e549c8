package dev.aeromq.faults;

import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.PullSocket;
import dev.aeromq.testkit.ChildSide;

import java.time.Duration;
import java.util.Optional;

/**
 * A PULL in a child JVM. Arguments: {@code bind ENDPOINT}, {@code connect ENDPOINT} or
 * {@code bind-on-command ENDPOINT} (opens its communicator, says {@code WAITING}, binds on the command
 * {@code BIND}), then optionally {@code hold}: a receive high-water mark of 1, and after the first
 * message it takes no more. Lines: {@code READY ENDPOINT} once bound or connected, then
 * {@code GOT SEQ SIZE} for each message taken (checked intact by {@link Payloads#check}).
 */
public final class PullMain
{
    private PullMain()
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
        final String mode = args[0];
        final String endpoint = args[1];
        final boolean hold = args.length > 2 && args[2].equals("hold");
        try (Communicator comm = Child.open("pull"))
        {
            final PullSocket pull = comm.pull();
            if (hold)
            {
                pull.receiveHighWaterMark(1);
            }
            switch (mode)
            {
                case "bind" -> side.say("READY " + pull.bind(endpoint).endpoint());
                case "connect" ->
                {
                    pull.connect(endpoint).awaitPeers(1, Duration.ofSeconds(30));
                    side.say("READY " + endpoint);
                }
                case "bind-on-command" ->
                {
                    side.say("WAITING");
                    awaitCommand(side, "BIND");
                    side.say("BOUND " + pull.bind(endpoint).endpoint());
                }
                default -> throw new IllegalArgumentException("mode " + mode);
            }
            do
            {
                final Optional<Message> message = pull.receive(Duration.ofSeconds(1));
                if (message.isPresent())
                {
                    final long seq = Payloads.check(message.get());
                    side.say("GOT " + seq + " " + Payloads.size(message.get()));
                    if (hold)
                    {
                        side.say("HOLDING");
                        awaitCommand(side, "exit");
                        return;
                    }
                }
            }
            while (true);
        }
    }

    static void awaitCommand(final ChildSide side, final String expected) throws InterruptedException
    {
        final String command = side.nextCommand();
        if (!command.equals(expected))
        {
            throw new IllegalStateException("expected the command " + expected + ", got " + command);
        }
    }
}

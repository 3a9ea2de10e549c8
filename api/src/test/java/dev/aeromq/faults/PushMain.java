package dev.aeromq.faults;

import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.PushSocket;
import dev.aeromq.testkit.ChildSide;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A PUSH in a child JVM. Arguments: {@code connect ENDPOINT}. Says {@code READY} once linked, then takes
 * commands {@code SEND SEQ SIZE} (a {@link Payloads} message) and says {@code SENDING SEQ}, then
 * {@code BLOCKED SEQ} if the send parks (it waits out back pressure, so part of the message may be on
 * the wire), then {@code SENT SEQ} when the send returned.
 */
public final class PushMain
{
    private static final long IDLE = -1;

    private PushMain()
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
        try (Communicator comm = Child.open("push"))
        {
            final PushSocket push = comm.push().connect(args[1]).awaitPeers(1, Duration.ofSeconds(30));
            final AtomicLong sending = new AtomicLong(IDLE);
            final Thread sender = Thread.currentThread();
            Thread.ofPlatform().daemon(true).name("blocked-watch").start(() -> watch(side, sender, sending));
            side.say("READY " + args[1]);
            while (true)
            {
                final String[] command = side.nextCommand().split(" ");
                if (command[0].equals("exit"))
                {
                    return;
                }
                final long seq = Long.parseLong(command[1]);
                final Message message = Payloads.of(seq, Integer.parseInt(command[2]));
                side.say("SENDING " + seq);
                sending.set(seq);
                push.send(message);
                sending.set(IDLE);
                side.say("SENT " + seq);
            }
        }
    }

    /**
     * Say once per message when the sending thread parks in its send.
     */
    private static void watch(final ChildSide side, final Thread sender, final AtomicLong sending)
    {
        long reported = IDLE;
        while (true)
        {
            final long seq = sending.get();
            final Thread.State state = sender.getState();
            if (seq != IDLE && seq != reported &&
                (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) && sending.get() == seq)
            {
                side.say("BLOCKED " + seq);
                reported = seq;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}

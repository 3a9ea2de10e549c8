package dev.aeromq;

import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fair queuing with many busy senders: a PULL that reads slowly, fed by far more PUSH sockets than its
 * engine reads fragments from in one pass, reads every one of them in turn, and times none out for a
 * silence that is only its own unread backlog.
 */
class FairQueuingTest
{
    private static final int SENDERS = 40;
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(1);

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void fortyBusySendersAreAllReadAndNoneIsDroppedAsSilent(final Testing.Transport transport)
    {
        try (Communicator comm = Communicator.open(Testing.config()
            .termLength(1024 * 1024)
            .heartbeatInterval(Duration.ofMillis(100))
            .peerTimeout(PEER_TIMEOUT)
            .build()))
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("fair"));
            pull.receiveHighWaterMark(4);
            final List<PushSocket> pushes = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++)
            {
                pushes.add(comm.push().connect(pull.endpoint()));
            }
            pull.awaitPeers(SENDERS, Testing.WAIT);

            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicIntegerArray received = new AtomicIntegerArray(SENDERS);
            final List<Background<Integer>> senders = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++)
            {
                final int id = i;
                senders.add(Background.virtual("sender " + i, () -> sendUntilStopped(pushes.get(id), id, running)));
            }
            final Background<Integer> reader =
                Background.platform("the slow reader", () -> readSlowly(pull, received, running));

            // Every sender's messages arrive, while the PULL keeps all 40 for twice the peer timeout.
            final int[] start = snapshot(received);
            Await.holds("the PULL to keep all " + SENDERS + " busy senders", PEER_TIMEOUT.multipliedBy(2),
                () -> pull.peerCount() == SENDERS);
            awaitEveryCountGrown(received, start);
            final int[] later = snapshot(received);
            awaitEveryCountGrown(received, later);
            assertEquals(SENDERS, pull.peerCount());

            running.set(false);
            reader.result();
            comm.close(); // wakes the senders waiting for room
            for (final Background<Integer> sender : senders)
            {
                sender.result();
            }
        }
    }

    private static void awaitEveryCountGrown(final AtomicIntegerArray received, final int[] since)
    {
        Await.await(() -> "every sender's count to grow past " + Arrays.toString(since) + ": now " + received,
            Testing.WAIT, () -> allGrown(received, since));
    }

    private static boolean allGrown(final AtomicIntegerArray received, final int[] since)
    {
        for (int i = 0; i < since.length; i++)
        {
            if (received.get(i) <= since[i])
            {
                return false;
            }
        }
        return true;
    }

    private static int[] snapshot(final AtomicIntegerArray counts)
    {
        final int[] copy = new int[counts.length()];
        for (int i = 0; i < copy.length; i++)
        {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    /**
     * Send as fast as the PULL takes them (a blocking send waits out back pressure), until stopped.
     */
    private static int sendUntilStopped(final PushSocket push, final int id, final AtomicBoolean running)
    {
        int sent = 0;
        final Message message = Message.of("s" + id);
        while (running.get())
        {
            try
            {
                push.send(message);
                sent++;
            }
            catch (final ClosedException | TimeoutException ex)
            {
                if (running.get())
                {
                    throw new AssertionError("sender " + id + " was starved for the whole send timeout", ex);
                }
            }
        }
        return sent;
    }

    /**
     * Read about one message every 0.2 ms at most: the slow consumer the senders wait for.
     */
    private static int readSlowly(final PullSocket pull, final AtomicIntegerArray received, final AtomicBoolean running)
    {
        int read = 0;
        while (running.get())
        {
            final Optional<Message> message = pull.receive(Duration.ofMillis(100));
            if (message.isPresent())
            {
                received.incrementAndGet(Integer.parseInt(message.get().text().substring(1)));
                read++;
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // pacing, not waiting for anything
            }
        }
        return read;
    }
}

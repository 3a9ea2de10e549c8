package dev.aeromq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code subscribe} returns once every joined PUB confirmed the prefix, so the sequence a new user writes
 * (connect, {@code awaitPeers} on both sides, subscribe, publish) never loses the first message; and it
 * refuses, with the limit named, what a PUB would not hold.
 */
class SubscribeRaceTest
{
    private static final int ITERATIONS = 30;

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void theFirstMessagePublishedAfterSubscribeReturnsIsNeverLost(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            for (int i = 0; i < ITERATIONS; i++)
            {
                final PubSocket pub = comm.pub().bind(transport.bindable("race-" + i));
                final SubSocket sub = comm.sub().connect(pub.endpoint());
                pub.awaitPeers(1, Testing.WAIT);
                sub.awaitPeers(1, Testing.WAIT);

                sub.subscribe("t");
                pub.publish("t", Message.of("first-" + i));

                final Optional<Message> first = sub.receive(Testing.WAIT);
                final int iteration = i;
                assertTrue(first.isPresent(), () -> "run " + iteration + " of " + ITERATIONS + " over " + transport +
                    ": the message published right after subscribe returned was lost");
                assertEquals("first-" + i, first.get().text());
                sub.close();
                pub.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aFurtherSubscribeOfALinkedSubTakesEffectBeforeItReturns(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PubSocket pub = comm.pub().bind(transport.bindable("again"));
            final SubSocket sub = comm.sub().connect(pub.endpoint());
            final SubSocket bystander = comm.sub().connect(pub.endpoint());
            pub.awaitPeers(2, Testing.WAIT);
            sub.awaitPeers(1, Testing.WAIT);
            bystander.awaitPeers(1, Testing.WAIT);
            bystander.subscribe("");
            sub.subscribe("t");
            pub.publish("t", Message.of("t-message"));
            assertEquals("t-message", Testing.receive(sub, "the message on t").text());
            assertEquals("t-message", Testing.receive(bystander, "the bystander's copy").text());

            for (int i = 0; i < ITERATIONS; i++)
            {
                sub.subscribe("u" + i);
                pub.publish("u" + i, Message.of("u-message-" + i));

                final Optional<Message> first = sub.receive(Testing.WAIT);
                final int iteration = i;
                assertTrue(first.isPresent(), () -> "subscribe(\"u" + iteration + "\") of a SUB the PUB already had: " +
                    "the message published right after it returned was lost");
                assertEquals("u-message-" + i, first.get().text());
                assertEquals("u-message-" + i, Testing.receive(bystander, "the bystander's copy").text());
            }
        }
    }

    @Test
    void aPrefixLongerThan1024Utf8BytesIsRefusedNamingTheLimit()
    {
        try (Communicator comm = Testing.open())
        {
            final SubSocket sub = comm.sub();
            final String longest = "\u00e9".repeat(512); // 1,024 UTF-8 bytes in 512 characters
            final String tooLong = longest + "a";
            assertEquals(1025, tooLong.getBytes(StandardCharsets.UTF_8).length);

            final IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> sub.subscribe(tooLong));
            assertTrue(refused.getMessage().contains("1025 UTF-8 bytes"), refused.getMessage());
            assertTrue(refused.getMessage().contains("1024"), "names the limit: " + refused.getMessage());
            assertTrue(refused.getMessage().contains("shorter prefix"), "says what to do: " + refused.getMessage());

            sub.subscribe(longest); // exactly at the limit
        }
    }

    @Test
    void the65537thDistinctPrefixIsRefusedNamingTheLimit() throws Exception
    {
        try (Communicator comm = Testing.open())
        {
            final SubSocket sub = comm.sub();
            final int limit = 65_536;
            final int threads = 16;
            try (ExecutorService subscribers = Executors.newVirtualThreadPerTaskExecutor())
            {
                final List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++)
                {
                    final int first = t * (limit / threads);
                    done.add(subscribers.submit(() -> subscribeRange(sub, first, first + limit / threads)));
                }
                for (final Future<?> one : done)
                {
                    awaitQuietly(one);
                }
            }
            sub.subscribe("p0"); // a prefix held already only counts again

            final SocketStateException refused =
                assertThrows(SocketStateException.class, () -> sub.subscribe("one-too-many"));
            assertTrue(refused.getMessage().contains("holds 65536 prefixes"), refused.getMessage());
            assertTrue(refused.getMessage().contains("at most 65536"), "names the limit: " + refused.getMessage());
            assertTrue(refused.getMessage().contains("unsubscribe some"), "says what to do: " + refused.getMessage());

            sub.unsubscribe("p1");
            sub.subscribe("one-too-many"); // room again
        }
    }

    @Test
    void aPubThatNeverConfirmsMakesSubscribeTimeOutWithThePrefixStillSubscribed()
    {
        try (Communicator comm = Testing.open();
            RawBinder pub = new RawBinder(comm))
        {
            final SubSocket sub = comm.sub().connect(pub.endpoint());
            pub.welcome(pub.awaitHello(), SocketType.PUB, RawConnector.DEFAULT_LIVENESS);
            sub.awaitPeers(1, Testing.WAIT);
            sub.sendTimeout(Duration.ofMillis(200));

            final TimeoutException timedOut = assertThrows(TimeoutException.class, () -> sub.subscribe("x"));
            final String message = timedOut.getMessage();
            assertTrue(message.contains("subscribe('x') timed out after"), message);
            assertTrue(message.contains("1 of 1 PUB peers have not confirmed it"), "names the cause: " + message);
            assertTrue(message.contains("it stays subscribed"), "says what became of the prefix: " + message);
            assertTrue(message.contains("send timeout"), "names the setting: " + message);

            Testing.await("the Prefix at the raw PUB", () -> pub.poll().prefixes().contains("+x"));
            pub.heartbeat();
            pub.data("x-late", "late".getBytes(StandardCharsets.UTF_8));
            final Message late = Testing.receive(sub, "a message on the prefix that timed out");
            assertEquals("x-late", late.topic(), "the prefix stayed subscribed");
        }
    }

    private static void subscribeRange(final SubSocket sub, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            sub.subscribe("p" + i);
        }
    }

    private static void awaitQuietly(final Future<?> future) throws InterruptedException
    {
        try
        {
            future.get();
        }
        catch (final ExecutionException ex)
        {
            throw new AssertionError("a subscriber thread failed", ex.getCause());
        }
    }
}

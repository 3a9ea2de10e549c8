package dev.aeromq.faults;

import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.Testing;
import dev.aeromq.testkit.Background;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 mid-large-message: a 64 MiB message (128 chunks of the tests' 4 MiB terms) is on its way when
 * its sender or its receiver is SIGKILLed. No part of it is ever delivered, the memory taken for it is
 * released, and the survivor goes on (the message is delivered whole to another PULL when the receiver
 * died). To be sure the kill falls mid-message, the receiver's inbox is full (a high-water mark of one,
 * holding a message nobody takes), so the sender writes up to Aeron's window and then waits.
 */
class KillMidLargeMessageTest
{
    private static final int LARGE = 64 * 1024 * 1024;
    private static final int SMALL = 64;
    private static final Duration PEER_TIMEOUT = Testing.config().build().peerTimeout();
    private static final long RELEASED_SLACK = 16L * 1024 * 1024;
    private static final Duration NOTHING_MORE = Duration.ofMillis(500);

    @Test
    void aSenderKilledMidMessageLeavesNoPartOfItAndNoMemoryHeld() throws Exception
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull();
            pull.receiveHighWaterMark(1);
            final AtomicInteger largeBegun = new AtomicInteger();
            pull.frameAllocator((header, index, length) ->
            {
                largeBegun.addAndGet(length == LARGE ? 1 : 0);
                return new UnsafeBuffer(new byte[length]);
            });
            pull.bind("udp://127.0.0.1:0");
            final long baseline = Memory.heapAfterGc();
            try (ChildPeer sender = ChildPeer.builder("push-victim", PushMain.class).heap("512m")
                .args("connect", pull.endpoint()).start())
            {
                sender.awaitLine("READY");
                pull.awaitPeers(1, Testing.WAIT);
                sender.jvm().send("SEND 0 " + SMALL);
                sender.awaitLine("SENT 0");               // in the PULL's inbox, not taken: the inbox is full
                sender.jvm().send("SEND 1 " + LARGE);
                sender.awaitLine("BLOCKED 1", Duration.ofSeconds(30)); // part of it on the wire, the rest waits

                final long killedNs = sender.kill();
                assertEquals(0, Payloads.check(pull.receive()), "the small message before it");
                Testing.await("the PULL to begin the 64 MiB message", () -> largeBegun.get() == 1);
                Testing.await("the PULL to drop its killed peer", () -> pull.peerCount() == 0);
                final long detectedNs = System.nanoTime();
                final Optional<Message> partial = pull.receive(NOTHING_MORE);
                assertTrue(partial.isEmpty(), () -> "a part of a message was delivered: " + partial.get());
                // the half-received message is kept while the link is dormant (Aeron still holds the dead peer's
                // stream: its image liveness timeout), in case a partition heals; then it is released
                Testing.await("the abandoned message's memory to be released once the dormant link is forgotten",
                    Duration.ofSeconds(30), () -> Memory.heapAfterGc() - baseline < RELEASED_SLACK);
                final long heldAfter = Memory.heapAfterGc() - baseline;

                final Figures figures = Figures.of("kill.mid-large.sender").put("messageMiB", LARGE >> 20)
                    .put("partialsDelivered", 0).put("heapHeldAfterMiB", Memory.mib(heldAfter))
                    .put("peerTimeoutMs", PEER_TIMEOUT.toMillis()).millis("detectMs", killedNs, detectedNs);
                figures.record();
                assertTrue(heldAfter < RELEASED_SLACK, () -> "memory of the abandoned message still held: " + figures);
                assertTrue(figures.number("detectMs") <= PEER_TIMEOUT.plusSeconds(1).toMillis(),
                    () -> "the dead sender was detected late: " + figures);
            }

            // the PULL goes on: another sender's 64 MiB message arrives whole, and the next after it
            try (Communicator other = Testing.open())
            {
                final PushSocket push = other.push().connect(pull.endpoint()).awaitPeers(1, Testing.WAIT);
                push.send(Payloads.of(2, LARGE));
                push.send(Payloads.of(3, SMALL));
                assertEquals(2, checkLarge(pull.receive()));
                assertEquals(3, Payloads.check(pull.receive()));
                assertEquals(2, largeBegun.get());
            }
        }
    }

    @Test
    void aReceiverKilledMidMessageCostsTheSenderNothingAndTheMessageGoesWholeToTheOtherPull() throws Exception
    {
        try (Communicator comm = Testing.open(); Communicator other = Testing.open())
        {
            final PushSocket push = comm.push().bind("udp://127.0.0.1:0");
            final long baseline = Memory.heapAfterGc();
            try (ChildPeer receiver = ChildPeer.builder("pull-victim", PullMain.class)
                .args("connect", push.endpoint(), "hold").start())
            {
                receiver.awaitLine("READY");
                push.awaitPeers(1, Testing.WAIT);
                push.send(Payloads.of(0, SMALL));
                receiver.awaitLine("HOLDING");              // it took message 0 and takes nothing more
                push.send(Payloads.of(1, SMALL));             // fills its inbox (high-water mark 1)
                final AtomicLong sentAtNs = new AtomicLong();
                final Background<Long> large = Background.platform("send-64MiB", () ->
                {
                    push.send(Payloads.of(2, LARGE));
                    sentAtNs.set(System.nanoTime());
                    return 2L;
                });
                large.awaitBlocked();                         // the message began; its sender waits for room

                final PullSocket survivor = other.pull().connect(push.endpoint()).awaitPeers(1, Testing.WAIT);
                push.awaitPeers(2, Testing.WAIT);
                final long killedNs = receiver.kill();
                assertEquals(2L, large.result(), "the send returns: the message went to the other PULL");

                assertEquals(2, checkLarge(survivor.receive()), "whole and intact at the other PULL");
                push.send(Payloads.of(3, SMALL));
                assertEquals(3, Payloads.check(survivor.receive()), "the PUSH goes on");
                final Optional<Message> more = survivor.receive(NOTHING_MORE);
                assertTrue(more.isEmpty(), () -> "nothing else, no part and no copy: " + more.get());
                final long heldAfter = Memory.heapAfterGc() - baseline;

                final Figures figures = Figures.of("kill.mid-large.receiver").put("messageMiB", LARGE >> 20)
                    .put("sent", 4).put("lost", 1).put("lostWhat", "message-1-in-the-dead-inbox")
                    .put("duplicates", 0).put("heapHeldAfterMiB", Memory.mib(heldAfter))
                    .put("peerTimeoutMs", PEER_TIMEOUT.toMillis())
                    .millis("sendReturnedAfterKillMs", killedNs, sentAtNs.get());
                figures.record();
                assertTrue(heldAfter < RELEASED_SLACK, () -> "memory still held after the message: " + figures);
            }
        }
    }

    /**
     * Check a large message without keeping it: the heap checks must not count it.
     */
    private static long checkLarge(final Message message)
    {
        assertEquals(LARGE, Payloads.size(message));
        return Payloads.check(message);
    }
}

package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import dev.aeromq.transport.Assembly;
import dev.aeromq.transport.Link;
import dev.aeromq.transport.SocketStreams;
import org.agrona.MutableDirectBuffer;

import java.util.function.Consumer;

/**
 * How a socket takes the messages it wants: handed inline to a {@code poll} in progress (in place in
 * the log buffer when a message fits one fragment), or queued in its {@link Inbox} for
 * {@code receive}, {@code onMessage} and {@code serve}. Frames and tensors' data that must be copied
 * go where the socket's {@link FrameSink} says — by default one heap array per message for the frames
 * and 64-byte aligned direct memory for the tensors ({@link MessageMemory}) — in one copy from the
 * transport; the sink sees the header before any payload byte is placed. A message with tensors is
 * never handed over in place: its tensors' data is placed (aligned) first.
 * <p>
 * While the socket is read with {@code poll} ({@link #inline(boolean)}), nothing is queued: a message
 * arriving between polls stays in the log buffer until the next one (which pushes back on the sender).
 * <p>
 * Threads: {@link #take}, {@link #assemble} and the assemblies run under the socket's duty lock; the
 * mode and the sink are volatile, set by user threads; a poll sets its handler while it holds the lock.
 */
final class Delivery implements SocketStreams.InlinePoll
{
    private final Inbox inbox;
    private final Consumer<InboundMessage> queueOrPoll = this::queueOrPoll;
    private volatile FrameSink sink;
    private volatile boolean inline;
    private PollHandler pollHandler;
    private int pollRemaining;
    private PollHandler nextPollHandler;
    private int nextPollLimit;

    Delivery(final Inbox inbox)
    {
        this.inbox = inbox;
    }

    /**
     * @param sink where frames go from now on; null for a heap array per message.
     */
    void sink(final FrameSink sink)
    {
        this.sink = sink;
    }

    /**
     * @param inline true once the socket is read with {@code poll}; false once with a queued receive.
     */
    void inline(final boolean inline)
    {
        this.inline = inline;
    }

    /**
     * @return how many messages the socket can take now, for the transport's liveness and polling.
     */
    int capacity()
    {
        if (pollHandler != null)
        {
            return pollRemaining;
        }
        return inline ? 0 : inbox.capacity();
    }

    /**
     * Set up the next poll (the caller holds the socket's poll lock, so polls never overlap).
     *
     * @param handler to hand messages to.
     * @param limit   most messages to hand.
     */
    void preparePoll(final PollHandler handler, final int limit)
    {
        nextPollHandler = handler;
        nextPollLimit = limit;
    }

    /**
     * @return messages handed during the last poll.
     */
    int handed()
    {
        return nextPollLimit - pollRemaining;
    }

    @Override
    public void begin()
    {
        pollRemaining = nextPollLimit;
        pollHandler = nextPollHandler;
    }

    @Override
    public void end()
    {
        pollHandler = null;
        nextPollHandler = null;
    }

    /**
     * A message the socket wants.
     *
     * @param link    it comes in on.
     * @param header  its header, in place.
     * @param mayWait whether it can be left in the log for now.
     * @return how to take it.
     */
    Assembly take(final Link link, final DataView header, final boolean mayWait)
    {
        final PollHandler handler = pollHandler;
        if (handler != null)
        {
            if (pollRemaining <= 0 && mayWait)
            {
                return Assembly.NOT_NOW;
            }
            pollRemaining--;
            if (header.isWhole() && header.tensorCount() == 0)
            {
                handler.onMessage(link, header);
                return Assembly.DONE;
            }
            if (header.isWhole())
            {
                handler.onMessage(copy(link, header));
                return Assembly.DONE;
            }
            return assemble(link, header, queueOrPoll);
        }
        if (mayWait && (inline || !inbox.hasRoom(header.bodyLength())))
        {
            return Assembly.NOT_NOW;
        }
        if (header.isWhole())
        {
            inbox.add(copy(link, header));
            return Assembly.DONE;
        }
        return assemble(link, header, queueOrPoll);
    }

    /**
     * Copy a whole message out of the log buffer into its own memory.
     *
     * @param link   it came in on.
     * @param header the message, whole, in place.
     * @return the copy.
     */
    InboundMessage copy(final Link link, final DataView header)
    {
        final MessageMemory placed = new MessageMemory(link, header, sink);
        for (int i = 0; i < header.partCount(); i++)
        {
            placed.part(i).putBytes(0, header.buffer(), header.partOffset(i), header.partLength(i));
        }
        return placed.message();
    }

    /**
     * Take a message whose body arrives over several fragments: its memory now, its bytes as
     * they come.
     *
     * @param link   it comes in on.
     * @param header its header, in place.
     * @param target gets the message once every byte is in place.
     * @return the assembly the transport fills.
     */
    Assembly assemble(final Link link, final DataView header, final Consumer<InboundMessage> target)
    {
        final MessageMemory placed = new MessageMemory(link, header, sink);
        return new Assembly()
        {
            @Override
            public MutableDirectBuffer frame(final int index)
            {
                return placed.part(index);
            }

            @Override
            public void complete()
            {
                target.accept(placed.message());
            }

            @Override
            public void abandon()
            {
                // nothing was delivered; the memory is simply not used
            }
        };
    }

    private void queueOrPoll(final InboundMessage message)
    {
        final PollHandler handler = pollHandler;
        if (handler != null)
        {
            handler.onMessage(message);
        }
        else
        {
            inbox.add(message);
        }
    }
}

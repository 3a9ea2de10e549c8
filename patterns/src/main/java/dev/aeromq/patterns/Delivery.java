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
 * While the socket is read with {@code poll} ({@link #inline(boolean)}), nothing new is queued: a message
 * arriving between polls stays in the log buffer until the next one (which pushes back on the sender).
 * A message longer than one fragment is counted when it is handed, not when it begins: a poll begins one
 * only while it has room under its limit, and the message is handed to the poll in progress when its
 * last byte is placed, if that poll still has room, else queued for the next (its room in the inbox was
 * reserved when it began, so the high-water marks bound the memory of messages being assembled too).
 * <p>
 * Threads: {@link #take}, {@link #assemble} and the assemblies run under the socket's duty lock; the
 * mode and the sink are volatile, set by user threads; a poll sets its handler while it holds the lock.
 */
final class Delivery implements SocketStreams.InlinePoll
{
    private final Inbox inbox;
    private final Consumer<InboundMessage> handOrQueue = this::handOrQueue;
    private volatile FrameSink sink;
    private volatile boolean inline;
    private PollHandler pollHandler;
    private int pollLimit;
    private int handed;
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
            return pollLimit - handed;
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
        handed = 0;
    }

    /**
     * @return messages handed during the last poll.
     */
    int handed()
    {
        return handed;
    }

    /**
     * The poll's turn, under the duty lock: messages queued since it looked (assembled meanwhile) go
     * first, then those in the log.
     */
    @Override
    public void begin()
    {
        pollLimit = nextPollLimit;
        handed = 0;
        pollHandler = nextPollHandler;
        InboundMessage queued;
        while (handed < pollLimit && (queued = inbox.poll()) != null)
        {
            handed++;
            pollHandler.onMessage(queued);
        }
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
        if (handler != null && handed < pollLimit)
        {
            if (header.isWhole() && header.tensorCount() == 0)
            {
                handed++;
                handler.onMessage(link, header);
                return Assembly.DONE;
            }
            if (header.isWhole())
            {
                handed++;
                handler.onMessage(copy(link, header));
                return Assembly.DONE;
            }
            if (mayWait && !inbox.hasRoom(header.bodyLength()))
            {
                return Assembly.NOT_NOW;
            }
            return assembleQueued(link, header);
        }
        if (mayWait && (handler != null || inline || !inbox.hasRoom(header.bodyLength())))
        {
            return Assembly.NOT_NOW;
        }
        if (header.isWhole())
        {
            inbox.add(copy(link, header));
            return Assembly.DONE;
        }
        return assembleQueued(link, header);
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
     * Take a message whose frames' bytes arrive over several fragments: its memory now, its bytes as
     * they come.
     *
     * @param link   it comes in on.
     * @param header its header, in place.
     * @param target gets the message once every byte is in place.
     * @return the assembly the transport fills.
     */
    Assembly assemble(final Link link, final DataView header, final Consumer<InboundMessage> target)
    {
        return new PlacedAssembly(new MessageMemory(link, header, sink), target, false);
    }

    /**
     * An assembly whose message goes to the poll in progress when it completes, or into the inbox, where
     * its room is reserved now.
     */
    private Assembly assembleQueued(final Link link, final DataView header)
    {
        final MessageMemory placed = new MessageMemory(link, header, sink);
        inbox.reserve(placed.size());
        return new PlacedAssembly(placed, handOrQueue, true);
    }

    /**
     * A message assembled, its room in the inbox reserved: to the poll in progress if it has room, else
     * into that room.
     */
    private void handOrQueue(final InboundMessage message)
    {
        final PollHandler handler = pollHandler;
        if (handler != null && handed < pollLimit)
        {
            inbox.release(message.size());
            handed++;
            handler.onMessage(message);
        }
        else
        {
            inbox.addReserved(message);
        }
    }

    /**
     * The transport fills a message's memory; once whole it goes to its target.
     */
    private final class PlacedAssembly implements Assembly
    {
        private final MessageMemory placed;
        private final Consumer<InboundMessage> target;
        private final boolean reserved;

        PlacedAssembly(final MessageMemory placed, final Consumer<InboundMessage> target, final boolean reserved)
        {
            this.placed = placed;
            this.target = target;
            this.reserved = reserved;
        }

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
            // nothing was delivered; the memory is simply not used, its room in the inbox given back
            if (reserved)
            {
                inbox.release(placed.size());
            }
        }
    }
}

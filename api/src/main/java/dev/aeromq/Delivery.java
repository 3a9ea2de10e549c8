package dev.aeromq;

import dev.aeromq.patterns.Receiver;
import dev.aeromq.patterns.Sender;
import dev.aeromq.patterns.SocketCore;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.InboundMessage;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The send and receive calls shared by the socket implementations, with failure translation.
 */
final class Delivery
{
    private Delivery()
    {
    }

    static Message receive(final Receiver receiver, final SocketCore core)
    {
        try
        {
            return AbstractSocket.toMessage(receiver.receive(core.receiveTimeoutNs(), true));
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    static Optional<Message> receive(final Receiver receiver, final Duration timeout)
    {
        try
        {
            final long nanos = AbstractSocket.nanos(timeout);
            return Optional.ofNullable(AbstractSocket.toMessage(receiver.receive(nanos == 0 ? 1 : nanos, false)));
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    static Optional<Message> tryReceive(final Receiver receiver)
    {
        try
        {
            return Optional.ofNullable(AbstractSocket.toMessage(receiver.receive(0, false)));
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    static void send(final Sender sender, final SocketCore core, final Message message)
    {
        try
        {
            final long timeout = core.sendTimeoutNs();
            sender.send(message.frames(), message.metadata(), timeout == 0 ? 1 : timeout);
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    static boolean trySend(final Sender sender, final Message message)
    {
        try
        {
            return sender.send(message.frames(), message.metadata(), 0);
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    /**
     * Start an onMessage loop, refusing a second one on the same socket.
     */
    static Subscription onMessage(
        final SocketCore core,
        final AtomicReference<MessageLoop> current,
        final Consumer<Message> handler,
        final Consumer<Throwable> errorHandler)
    {
        if (core.isClosed())
        {
            throw new ClosedException("the " + core.type() + " socket is closed");
        }
        final MessageLoop loop = new MessageLoop(core, handler, errorHandler, current);
        if (!current.compareAndSet(null, loop))
        {
            throw new SocketStateException("the " + core.type() + " socket already has an onMessage handler; " +
                "close its Subscription first");
        }
        loop.start();
        return loop;
    }
}

package dev.aeromq;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The communicators open in this JVM, and the shutdown hook that closes them: an application that exits
 * (or gets SIGTERM) without closing its communicator leaves no media driver directory behind. Every one is
 * closed as by {@link Communicator#close()}, all at once, each socket honouring its linger.
 */
final class OpenCommunicators
{
    private static final Set<Communicator> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private OpenCommunicators()
    {
    }

    /**
     * @param communicator just opened.
     */
    static void add(final Communicator communicator)
    {
        if (HOOKED.compareAndSet(false, true))
        {
            try
            {
                Runtime.getRuntime().addShutdownHook(
                    Thread.ofPlatform().name("aeromq-shutdown").unstarted(OpenCommunicators::closeAll));
            }
            catch (final IllegalStateException ex)
            {
                // the JVM is already shutting down: nothing will run a hook
            }
        }
        OPEN.add(communicator);
    }

    /**
     * @param communicator closed.
     */
    static void remove(final Communicator communicator)
    {
        OPEN.remove(communicator);
    }

    private static void closeAll()
    {
        final List<Thread> closers = new ArrayList<>();
        for (final Communicator communicator : List.copyOf(OPEN))
        {
            closers.add(Thread.ofPlatform().daemon().name("aeromq-shutdown-close").start(communicator::close));
        }
        for (final Thread closer : closers)
        {
            try
            {
                closer.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

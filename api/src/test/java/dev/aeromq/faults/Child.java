package dev.aeromq.faults;

import dev.aeromq.Communicator;
import dev.aeromq.Config;

import java.nio.file.Path;

/**
 * The child mains' side of {@link ChildPeer}: communicators with the settings and Aeron directory
 * root the test gave the child.
 */
final class Child
{
    private Child()
    {
    }

    /**
     * Open a communicator with its own embedded media driver in {@code ROOT/name}, configured from the
     * {@code aeromq.*} system properties the test set.
     *
     * @param name the directory's name under the child's root; one per communicator.
     * @return the communicator.
     */
    static Communicator open(final String name)
    {
        final String root = System.getProperty(ChildPeer.AERON_ROOT);
        if (root == null)
        {
            throw new IllegalStateException("run by ChildPeer: no " + ChildPeer.AERON_ROOT + " property");
        }
        synchronized (Child.class)
        {
            System.setProperty("aeromq.aeron.dir", Path.of(root, name).toString());
            return Communicator.open(Config.fromEnvironment());
        }
    }
}

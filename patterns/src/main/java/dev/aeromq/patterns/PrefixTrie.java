package dev.aeromq.patterns;

import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * A set of byte-string prefixes that answers "does any of them start this topic?" in time linear in
 * the topic's length, however many prefixes there are: a radix tree whose edges carry byte labels.
 * <p>
 * Threads: one writer at a time (callers serialise {@link #add} and {@link #remove}); any number of
 * readers, lock-free and allocation-free. Writers never change what a reader may be looking at: a
 * node's label is final, and its children are swapped as a whole immutable array (copy on write), so
 * a reader sees the tree before or after a change, never half of it.
 */
final class PrefixTrie
{
    private static final Node[] NO_CHILDREN = new Node[0];

    private final Node root = new Node(new byte[0], false, NO_CHILDREN);

    /**
     * A node: the bytes on the edge from its parent, whether a prefix ends here, and its children,
     * sorted by the first byte of their labels (at most one per byte value).
     */
    private static final class Node
    {
        private final byte[] label;
        private volatile boolean terminal;
        private volatile Node[] children;

        Node(final byte[] label, final boolean terminal, final Node[] children)
        {
            this.label = label;
            this.terminal = terminal;
            this.children = children;
        }

        Node child(final byte first)
        {
            final Node[] nodes = children;
            int low = 0;
            int high = nodes.length - 1;
            while (low <= high)
            {
                final int mid = (low + high) >>> 1;
                final int cmp = Byte.compare(nodes[mid].label[0], first);
                if (cmp == 0)
                {
                    return nodes[mid];
                }
                if (cmp < 0)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }
            return null;
        }

        void put(final Node child)
        {
            final Node[] nodes = children;
            for (int i = 0; i < nodes.length; i++)
            {
                if (nodes[i].label[0] == child.label[0])
                {
                    final Node[] next = nodes.clone();
                    next[i] = child;
                    children = next;
                    return;
                }
            }
            final Node[] next = Arrays.copyOf(nodes, nodes.length + 1);
            next[nodes.length] = child;
            Arrays.sort(next, (a, b) -> Byte.compare(a.label[0], b.label[0]));
            children = next;
        }

        void drop(final Node child)
        {
            final Node[] nodes = children;
            for (int i = 0; i < nodes.length; i++)
            {
                if (nodes[i] == child)
                {
                    final Node[] next = nodes.length == 1 ? NO_CHILDREN : new Node[nodes.length - 1];
                    System.arraycopy(nodes, 0, next, 0, i);
                    System.arraycopy(nodes, i + 1, next, i, nodes.length - i - 1);
                    children = next;
                    return;
                }
            }
        }
    }

    /**
     * @param prefix to add.
     * @return true if it was not there.
     */
    boolean add(final byte[] prefix)
    {
        Node node = root;
        int at = 0;
        while (at < prefix.length)
        {
            final Node child = node.child(prefix[at]);
            if (child == null)
            {
                node.put(new Node(Arrays.copyOfRange(prefix, at, prefix.length), true, NO_CHILDREN));
                return true;
            }
            final int common = commonLength(child.label, prefix, at);
            if (common < child.label.length)
            {
                // split the edge: a new node for the shared part, holding a copy of the child below it
                final Node lower = new Node(
                    Arrays.copyOfRange(child.label, common, child.label.length), child.terminal, child.children);
                final boolean endsHere = at + common == prefix.length;
                final Node middle = new Node(Arrays.copyOf(child.label, common), endsHere, new Node[] {lower});
                if (!endsHere)
                {
                    middle.put(new Node(Arrays.copyOfRange(prefix, at + common, prefix.length), true, NO_CHILDREN));
                }
                node.put(middle);
                return true;
            }
            node = child;
            at += common;
        }
        final boolean added = !node.terminal;
        node.terminal = true;
        return added;
    }

    /**
     * @param prefix to remove.
     * @return true if it was there.
     */
    boolean remove(final byte[] prefix)
    {
        return remove(root, null, prefix, 0);
    }

    private static boolean remove(final Node node, final Node parent, final byte[] prefix, final int at)
    {
        if (at == prefix.length)
        {
            if (!node.terminal)
            {
                return false;
            }
            node.terminal = false;
            prune(node, parent);
            return true;
        }
        final Node child = node.child(prefix[at]);
        if (child == null || commonLength(child.label, prefix, at) < child.label.length)
        {
            return false;
        }
        final boolean removed = remove(child, node, prefix, at + child.label.length);
        if (removed && parent != null && !node.terminal)
        {
            prune(node, parent);
        }
        return removed;
    }

    /**
     * A node no prefix ends at goes if it leads nowhere, and merges with its only child, so the tree
     * never holds more than about two nodes per prefix whatever was added and removed.
     */
    private static void prune(final Node node, final Node parent)
    {
        if (parent == null || node.terminal)
        {
            return;
        }
        final Node[] children = node.children;
        if (children.length == 0)
        {
            parent.drop(node);
        }
        else if (children.length == 1)
        {
            final Node only = children[0];
            final byte[] label = Arrays.copyOf(node.label, node.label.length + only.label.length);
            System.arraycopy(only.label, 0, label, node.label.length, only.label.length);
            parent.put(new Node(label, only.terminal, only.children));
        }
    }

    /**
     * @param topic  holding the topic.
     * @param offset where it starts.
     * @param length its bytes.
     * @return true if a prefix in the set starts the topic.
     */
    boolean matches(final DirectBuffer topic, final int offset, final int length)
    {
        Node node = root;
        int at = 0;
        while (!node.terminal)
        {
            if (at == length)
            {
                return false;
            }
            final Node child = node.child(topic.getByte(offset + at));
            if (child == null)
            {
                return false;
            }
            final byte[] label = child.label;
            if (label.length > length - at)
            {
                return false;
            }
            for (int i = 1; i < label.length; i++)
            {
                if (topic.getByte(offset + at + i) != label[i])
                {
                    return false;
                }
            }
            at += label.length;
            node = child;
        }
        return true;
    }

    private static int commonLength(final byte[] label, final byte[] prefix, final int at)
    {
        final int max = Math.min(label.length, prefix.length - at);
        int i = 0;
        while (i < max && label[i] == prefix[at + i])
        {
            i++;
        }
        return i;
    }
}

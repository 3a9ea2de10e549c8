package dev.aeromq;

import dev.aeromq.testkit.Await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A {@link Socket#monitor} listener for tests: keeps every event, and waits for one that matches.
 */
final class EventRecorder implements Consumer<SocketEvent>
{
    private final List<SocketEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(final SocketEvent event)
    {
        events.add(event);
    }

    /**
     * @return the events so far, in order.
     */
    List<SocketEvent> events()
    {
        return List.copyOf(events);
    }

    /**
     * @param what  describes the event, for the failure message.
     * @param match the event wanted.
     * @return the first event that matches, once one came.
     */
    SocketEvent await(final String what, final Predicate<SocketEvent> match)
    {
        Await.await(() -> what + "; events: " + events, Testing.WAIT, () -> events.stream().anyMatch(match));
        return events.stream().filter(match).findFirst().orElseThrow();
    }

    /**
     * @param reason a drop reason.
     * @return the first message-dropped event for it, once one came.
     */
    SocketEvent.MessageDropped awaitDropped(final DropReason reason)
    {
        return (SocketEvent.MessageDropped)await("a message dropped for " + reason,
            (event) -> event instanceof SocketEvent.MessageDropped dropped && dropped.reason() == reason);
    }
}

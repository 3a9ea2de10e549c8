package dev.aeromq;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Message}: the factories, the builder, the readers, equality, and the zero-copy contract.
 */
class MessageTest
{
    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytesOf(final DirectBuffer frame)
    {
        final byte[] copy = new byte[frame.capacity()];
        frame.getBytes(0, copy);
        return copy;
    }

    // ---------------------------------------------------------------- factories

    @Test
    void ofByteArraysIsMultipartInOrder()
    {
        final Message message = Message.of(utf8("one"), new byte[0], utf8("three"));
        assertEquals(3, message.frameCount());
        assertEquals("one", message.text());
        assertEquals("one", message.text(0));
        assertEquals(0, message.frame(1).capacity(), "an empty frame is still a frame");
        assertEquals("three", message.text(2));
        assertArrayEquals(utf8("three"), message.bytes(2));
        assertArrayEquals(utf8("one"), message.bytes());
        assertEquals(8, message.size());
        assertEquals("", message.topic());
        assertTrue(message.metadata().isEmpty());
    }

    @Test
    void ofStringIsOneUtf8Frame()
    {
        final Message message = Message.of("grüße, 世界");
        assertEquals(1, message.frameCount());
        assertEquals("grüße, 世界", message.text());
        assertArrayEquals(utf8("grüße, 世界"), message.bytes());
        assertEquals(utf8("grüße, 世界").length, message.frame(0).capacity());
    }

    @Test
    void ofHeapByteBufferUsesItsRemainingBytesWithoutMovingIt()
    {
        final ByteBuffer buffer = ByteBuffer.wrap(utf8("xxhello-worldyy"));
        buffer.position(2).limit(13);

        final Message message = Message.of(buffer);
        assertEquals("hello-world", message.text());
        assertEquals(2, buffer.position());
        assertEquals(13, buffer.limit());
    }

    @Test
    void ofSlicedHeapByteBufferHonoursItsArrayOffset()
    {
        // A slice's index 0 is not the backing array's index 0.
        final ByteBuffer slice = ByteBuffer.wrap(utf8("....payload")).position(4).slice();
        assertEquals("payload", Message.of(slice).text());
    }

    @Test
    void ofReadOnlyHeapByteBufferWorks()
    {
        // A read-only heap buffer has no accessible array(); the message must still see its bytes.
        final ByteBuffer readOnly = ByteBuffer.wrap(utf8("abcdef")).asReadOnlyBuffer().position(1);
        assertEquals("bcdef", Message.of(readOnly).text());
        assertEquals(1, readOnly.position());
    }

    @Test
    void ofDirectByteBufferUsesItsRemainingBytesWithoutMovingIt()
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(32);
        buffer.put(utf8("--direct bytes--")).flip();
        buffer.position(2).limit(14);

        final Message message = Message.of(buffer);
        assertEquals("direct bytes", message.text());
        assertEquals(12, message.frame(0).capacity());
        assertEquals(2, buffer.position());
        assertEquals(14, buffer.limit());
    }

    @Test
    void ofEmptyByteBufferIsOneEmptyFrame()
    {
        final Message message = Message.of(ByteBuffer.allocate(0));
        assertEquals(1, message.frameCount());
        assertEquals("", message.text());
    }

    @Test
    void ofDirectBufferRegion()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        buffer.putStringWithoutLengthAscii(10, "region");

        final Message message = Message.of(buffer, 10, 6);
        assertEquals("region", message.text());
        assertEquals(6, message.frame(0).capacity());
    }

    @Test
    void ofDirectBufferRegionOutsideTheBufferIsRefused()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        assertThrows(IndexOutOfBoundsException.class, () -> Message.of(buffer, 10, 7));
        assertThrows(IndexOutOfBoundsException.class, () -> Message.of(buffer, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Message.of(buffer, 0, -1));
    }

    @Test
    void nullsAreRefused()
    {
        assertThrows(NullPointerException.class, () -> Message.of((byte[][])null));
        assertThrows(NullPointerException.class, () -> Message.of(utf8("a"), null));
        assertThrows(NullPointerException.class, () -> Message.of((String)null));
        assertThrows(NullPointerException.class, () -> Message.of((ByteBuffer)null));
        assertThrows(NullPointerException.class, () -> Message.of(null, 0, 0));
        assertThrows(NullPointerException.class, () -> Message.builder().topic(null));
        assertThrows(NullPointerException.class, () -> Message.builder().metadata("k", null));
    }

    // ---------------------------------------------------------------- builder

    @Test
    void builderSetsTopicFramesAndMetadata()
    {
        final ByteBuffer direct = ByteBuffer.allocateDirect(4).put(utf8("four")).flip();
        final UnsafeBuffer agrona = new UnsafeBuffer(utf8("..five.."));
        final Message message = Message.builder()
            .topic("prices.eu")
            .frame(utf8("one"))
            .frame("two")
            .frame(direct)
            .frame(agrona, 2, 4)
            .metadata("content-type", "text/plain")
            .metadata("trace-id", "abc123")
            .build();

        assertEquals("prices.eu", message.topic());
        assertEquals(4, message.frameCount());
        assertEquals("one", message.text(0));
        assertEquals("two", message.text(1));
        assertEquals("four", message.text(2));
        assertEquals("five", message.text(3));
        assertEquals(Map.of("content-type", "text/plain", "trace-id", "abc123"), message.metadata());
    }

    @Test
    void laterMetadataForTheSameKeyWins()
    {
        final Message message = Message.builder().metadata("k", "1").metadata("k", "2").build();
        assertEquals(Map.of("k", "2"), message.metadata());
    }

    @Test
    void builtMessageIsNotChangedByLaterBuilderCalls()
    {
        final Message.Builder builder = Message.builder().topic("t").frame("a").metadata("k", "v");
        final Message first = builder.build();
        builder.topic("u").frame("b").metadata("k2", "v2");

        assertEquals("t", first.topic());
        assertEquals(1, first.frameCount());
        assertEquals(Map.of("k", "v"), first.metadata());
        assertEquals(2, builder.build().frameCount());
    }

    @Test
    void metadataIsUnmodifiable()
    {
        final Message message = Message.builder().metadata("k", "v").build();
        assertThrows(UnsupportedOperationException.class, () -> message.metadata().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> Message.of("a").metadata().put("x", "y"));
    }

    @Test
    void withTopicKeepsFramesAndMetadata()
    {
        final Message original = Message.builder().frame("a").frame("b").metadata("k", "v").build();
        final Message topical = original.withTopic("news");

        assertEquals("news", topical.topic());
        assertEquals("", original.topic(), "the original is unchanged");
        assertEquals(2, topical.frameCount());
        assertEquals("b", topical.text(1));
        assertEquals(Map.of("k", "v"), topical.metadata());
    }

    // ---------------------------------------------------------------- empty message and bounds

    @Test
    void emptyMessageHasNoFrames()
    {
        for (final Message empty : new Message[]{ Message.of(), Message.builder().build() })
        {
            assertEquals(0, empty.frameCount());
            assertArrayEquals(new byte[0], empty.bytes());
            assertEquals("", empty.text());
            assertEquals("", empty.topic());
            assertTrue(empty.metadata().isEmpty());
            assertEquals(0, empty.size());
            assertThrows(IndexOutOfBoundsException.class, () -> empty.frame(0));
        }
        assertEquals(Message.of(), Message.builder().build());
    }

    @Test
    void frameIndexOutOfRangeThrows()
    {
        final Message message = Message.of(utf8("a"), utf8("b"));
        assertThrows(IndexOutOfBoundsException.class, () -> message.frame(2));
        assertThrows(IndexOutOfBoundsException.class, () -> message.frame(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> message.bytes(2));
        assertThrows(IndexOutOfBoundsException.class, () -> message.text(5));
    }

    // ---------------------------------------------------------------- equality

    @Test
    void equalityIsByContentWhateverHoldsTheBytes()
    {
        final Message fromString = Message.of("same");
        final Message fromArray = Message.of(utf8("same"));
        final Message fromHeap = Message.of(ByteBuffer.wrap(utf8("xsamex"), 1, 4));
        final Message fromDirect = Message.of(ByteBuffer.allocateDirect(4).put(utf8("same")).flip());
        final Message fromAgrona = Message.of(new UnsafeBuffer(utf8("__same")), 2, 4);

        for (final Message other : new Message[]{ fromArray, fromHeap, fromDirect, fromAgrona })
        {
            assertEquals(fromString, other);
            assertEquals(other, fromString);
            assertEquals(fromString.hashCode(), other.hashCode());
        }
    }

    @Test
    void topicMetadataAndFramingTakePartInEquality()
    {
        final Message base = Message.builder().topic("t").frame("ab").metadata("k", "v").build();
        assertEquals(base, Message.builder().topic("t").frame("ab").metadata("k", "v").build());
        assertEquals(base.hashCode(), Message.builder().topic("t").frame("ab").metadata("k", "v").build().hashCode());

        assertNotEquals(base, Message.builder().topic("u").frame("ab").metadata("k", "v").build());
        assertNotEquals(base, Message.builder().topic("t").frame("ab").metadata("k", "w").build());
        assertNotEquals(base, Message.builder().topic("t").frame("ab").build());
        assertNotEquals(base, Message.builder().topic("t").frame("a").frame("b").metadata("k", "v").build(),
            "the same bytes split into other frames are another message");
        assertNotEquals(base, Message.builder().topic("t").frame("ab").frame("").metadata("k", "v").build(),
            "a trailing empty frame counts");
        assertNotEquals(Message.of("a"), null);
        assertNotEquals(Message.of("a"), "a");
    }

    // ---------------------------------------------------------------- zero copy

    @Test
    void framesAreViewsOfTheCallersBytesNotCopies()
    {
        // Documents the contract: the caller must not change a buffer until send returns,
        // because the message (and the send path) reads the caller's memory directly.
        final byte[] source = utf8("hello");
        final Message message = Message.of(source);
        source[0] = 'J';
        assertEquals("Jello", message.text());
        assertEquals('J', message.frame(0).getByte(0));
    }

    @Test
    void byteBufferFramesAreViewsToo()
    {
        final ByteBuffer direct = ByteBuffer.allocateDirect(5).put(utf8("hello")).flip();
        final Message message = Message.of(direct);
        direct.put(0, (byte)'c');
        assertEquals("cello", message.text());

        final byte[] backing = utf8("hello");
        final Message fromBuilder = Message.builder().frame(ByteBuffer.wrap(backing)).build();
        backing[4] = 'p';
        assertEquals("hellp", fromBuilder.text());
    }

    @Test
    void bytesReturnsACopy()
    {
        final Message message = Message.of("abc");
        final byte[] copy = message.bytes();
        copy[0] = 'z';
        assertEquals("abc", message.text());
    }
}

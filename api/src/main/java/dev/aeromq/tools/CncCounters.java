package dev.aeromq.tools;

import dev.aeromq.transport.SocketCounter;
import io.aeron.CncFileDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AeroMQ's counters in a media driver's CnC file, read once, grouped by socket: what
 * {@link AeroMqStat} prints. Reads the file without attaching a client to the driver (as Aeron's
 * {@code AeronStat} does), so it can look at any running driver, embedded or not.
 */
final class CncCounters
{
    /**
     * One figure of a socket.
     *
     * @param figure which.
     * @param value  its value.
     */
    record Figure(SocketCounter figure, long value)
    {
    }

    /**
     * One socket's counters.
     *
     * @param name     type, id and first endpoint, as the labels say.
     * @param socketId its id.
     * @param pid      the process it lives in.
     * @param figures  its counters, in type id order.
     */
    record SocketFigures(String name, long socketId, long pid, List<Figure> figures)
    {
    }

    private CncCounters()
    {
    }

    /**
     * @param directory an Aeron directory.
     * @return true if it holds a CnC file.
     */
    static boolean hasCncFile(final File directory)
    {
        return new File(directory, CncFileDescriptor.CNC_FILE).isFile();
    }

    /**
     * @param directory an Aeron directory with a CnC file.
     * @return AeroMQ's sockets in it, in the order their first counter was allocated.
     * @throws IOException if the file cannot be read.
     */
    static List<SocketFigures> read(final File directory) throws IOException
    {
        final File cncFile = new File(directory, CncFileDescriptor.CNC_FILE);
        final MappedByteBuffer cnc;
        try (FileChannel channel = FileChannel.open(cncFile.toPath(), StandardOpenOption.READ))
        {
            cnc = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        try
        {
            final DirectBuffer metaData = CncFileDescriptor.createMetaDataBuffer(cnc);
            CncFileDescriptor.checkVersion(metaData.getInt(CncFileDescriptor.cncVersionOffset(0)));
            final UnsafeBuffer countersMetaData = CncFileDescriptor.createCountersMetaDataBuffer(cnc, metaData);
            final UnsafeBuffer countersValues = CncFileDescriptor.createCountersValuesBuffer(cnc, metaData);
            return group(new CountersReader(countersMetaData, countersValues));
        }
        finally
        {
            IoUtil.unmap(cnc);
        }
    }

    private static List<SocketFigures> group(final CountersReader reader)
    {
        final Map<Long, List<Figure>> figures = new LinkedHashMap<>();
        final Map<Long, String> names = new LinkedHashMap<>();
        final Map<Long, Long> pids = new LinkedHashMap<>();
        reader.forEach((final int counterId, final int typeId, final DirectBuffer key, final String label) ->
        {
            final SocketCounter figure = SocketCounter.ofTypeId(typeId);
            if (figure == null)
            {
                return;
            }
            final long socketId = key.getLong(SocketCounter.KEY_SOCKET_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
            figures.computeIfAbsent(socketId, (id) -> new ArrayList<>())
                .add(new Figure(figure, reader.getCounterValue(counterId)));
            names.putIfAbsent(socketId, nameOf(label));
            pids.putIfAbsent(socketId, key.getLong(SocketCounter.KEY_PID_OFFSET, ByteOrder.LITTLE_ENDIAN));
        });
        final List<SocketFigures> sockets = new ArrayList<>(figures.size());
        for (final Map.Entry<Long, List<Figure>> entry : figures.entrySet())
        {
            final List<Figure> list = entry.getValue();
            list.sort((a, b) -> Integer.compare(a.figure().typeId(), b.figure().typeId()));
            final long socketId = entry.getKey();
            sockets.add(new SocketFigures(names.get(socketId), socketId, pids.get(socketId), List.copyOf(list)));
        }
        return sockets;
    }

    /**
     * @param label {@code aeromq TYPE ID ENDPOINT: FIGURE}.
     * @return {@code TYPE ID ENDPOINT}.
     */
    private static String nameOf(final String label)
    {
        final int colon = label.lastIndexOf(": ");
        final String name = colon < 0 ? label : label.substring(0, colon);
        return name.startsWith("aeromq ") ? name.substring("aeromq ".length()) : name;
    }
}

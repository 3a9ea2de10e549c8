package dev.aeromq.benchmarks;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects the figures; prints each row as it comes and the whole table at the end; writes the CSV
 * and the chart.
 */
public final class Results
{
    /** CSV header, as the issue defines it. */
    public static final String CSV_HEADER = "scenario,transport,size_bytes,metric,unit,aeromq,aeron,jeromq";

    private final List<Row> rows = new ArrayList<>();
    private final PrintStream out;

    /**
     * @param out where rows are printed as they come.
     */
    public Results(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * @param row a figure for the three contenders.
     */
    public synchronized void add(final Row row)
    {
        rows.add(row);
        out.println(format(row));
    }

    /**
     * @return the rows so far.
     */
    public synchronized List<Row> rows()
    {
        return List.copyOf(rows);
    }

    /**
     * @return the table header line.
     */
    public static String header()
    {
        return String.format(Locale.ROOT, "%-13s %-9s %9s %-11s %-7s %14s %14s %14s %13s %13s",
            "scenario", "transport", "size", "metric", "unit", "AeroMQ", "raw Aeron", "JeroMQ", "AeroMQ/Aeron",
            "AeroMQ/JeroMQ");
    }

    /**
     * @param row a row.
     * @return it as a table line.
     */
    public static String format(final Row row)
    {
        final Double aeromq = row.figure(Contender.AEROMQ);
        final Double aeron = row.figure(Contender.AERON);
        final Double jeromq = row.figure(Contender.JEROMQ);
        return String.format(Locale.ROOT, "%-13s %-9s %9s %-11s %-7s %14s %14s %14s %13s %13s",
            row.scenario(), row.transport(), size(row.sizeBytes()), row.metric(), row.unit(),
            value(aeromq, row.unit()), value(aeron, row.unit()), value(jeromq, row.unit()),
            ratio(aeromq, aeron, row.unit()), ratio(aeromq, jeromq, row.unit()));
    }

    /**
     * @param out where to print the whole table.
     */
    public synchronized void printTable(final PrintStream out)
    {
        out.println(header());
        for (final Row row : rows)
        {
            out.println(format(row));
        }
    }

    /**
     * Write the table as printed, with a heading, to {@code latest.txt}.
     *
     * @param directory results directory.
     * @param heading   first line (date, machine).
     * @throws IOException if writing fails.
     */
    public synchronized void writeTable(final Path directory, final String heading) throws IOException
    {
        Files.createDirectories(directory);
        final var sb = new StringBuilder(heading).append('\n').append(header()).append('\n');
        for (final Row row : rows)
        {
            sb.append(format(row)).append('\n');
        }
        Files.writeString(directory.resolve("latest.txt"), sb);
    }

    /**
     * Write {@code latest.csv} and a dated copy.
     *
     * @param directory results directory.
     * @param stamp     e.g. 2026-11-22T0230.
     * @return the latest.csv path.
     * @throws IOException if writing fails.
     */
    public synchronized Path writeCsv(final Path directory, final String stamp) throws IOException
    {
        Files.createDirectories(directory);
        final var sb = new StringBuilder(CSV_HEADER).append('\n');
        for (final Row row : rows)
        {
            sb.append(row.scenario()).append(',').append(row.transport()).append(',').append(row.sizeBytes())
                .append(',').append(row.metric()).append(',').append(row.unit()).append(',')
                .append(csv(row.figure(Contender.AEROMQ))).append(',')
                .append(csv(row.figure(Contender.AERON))).append(',')
                .append(csv(row.figure(Contender.JEROMQ))).append('\n');
        }
        final Path latest = directory.resolve("latest.csv");
        Files.writeString(latest, sb);
        Files.writeString(directory.resolve("run-" + stamp + ".csv"), sb);
        return latest;
    }

    /**
     * Draw throughput bars (log scale; the push-pull-poll rows beside the push-pull ones), REQ/REP latency
     * percentiles, large-message bandwidth and bytes allocated per message into one PNG.
     *
     * @param png   where to write.
     * @param title chart title suffix (machine and date).
     * @throws IOException if writing fails.
     */
    public synchronized void writeChart(final Path png, final String title) throws IOException
    {
        final List<Chart<?, ?>> charts = new ArrayList<>();
        final CategoryChart throughput = barChart("PUSH/PULL throughput, msgs/s (log) - " + title, "msgs/s");
        throughput.getStyler().setYAxisLogarithmic(true);
        addSeries(throughput, "throughput", "msgs/s");
        charts.add(throughput);

        final CategoryChart bandwidth = barChart("PUSH/PULL bandwidth, MB/s (log)", "MB/s");
        bandwidth.getStyler().setYAxisLogarithmic(true);
        addSeries(bandwidth, "bandwidth", "MB/s");
        charts.add(bandwidth);

        final CategoryChart latency = barChart("REQ/REP round trip at full speed, µs (log)", "µs");
        latency.getStyler().setYAxisLogarithmic(true);
        addLatencySeries(latency, "req-rep-max");
        charts.add(latency);

        final CategoryChart paced = barChart("REQ/REP round trip at a fixed rate, µs (log)", "µs");
        paced.getStyler().setYAxisLogarithmic(true);
        addLatencySeries(paced, "req-rep-rate");
        charts.add(paced);

        final CategoryChart large = barChart("Large messages, one-way MB/s (log)", "MB/s");
        large.getStyler().setYAxisLogarithmic(true);
        addMetricSeries(large, "large", "MB/s", true);
        charts.add(large);

        final CategoryChart alloc = barChart("Heap bytes allocated per 64 B message, IPC", "bytes/msg");
        addMetricSeries(alloc, "alloc", "bytes/msg", false);
        charts.add(alloc);

        BitmapEncoder.saveBitmap(charts, 3, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static CategoryChart barChart(final String title, final String yAxis)
    {
        final CategoryChart chart = new CategoryChartBuilder().width(900).height(450).title(title)
            .yAxisTitle(yAxis).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        return chart;
    }

    private void addSeries(final CategoryChart chart, final String metric, final String unit)
    {
        final List<String> categories = new ArrayList<>();
        final List<List<Double>> values = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (final Row row : rows)
        {
            final boolean poll = row.scenario().equals(PollScenario.SCENARIO);
            if ((poll || row.scenario().equals(ThroughputScenario.SCENARIO)) && row.metric().equals(metric) &&
                row.unit().equals(unit))
            {
                categories.add(row.transport() + " " + size(row.sizeBytes()) + (poll ? " poll" : ""));
                for (final Contender c : Contender.values())
                {
                    values.get(c.ordinal()).add(row.figure(c));
                }
            }
        }
        addAll(chart, categories, values, true);
    }

    /**
     * One bar group per row of a scenario in a unit: named by transport and size, or by metric where the
     * scenario has one transport and size.
     */
    private void addMetricSeries(final CategoryChart chart, final String scenario, final String unit,
        final boolean log)
    {
        final List<String> categories = new ArrayList<>();
        final List<List<Double>> values = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (final Row row : rows)
        {
            if (row.scenario().equals(scenario) && row.unit().equals(unit))
            {
                categories.add(log ? row.transport() + " " + size(row.sizeBytes()) : row.metric());
                for (final Contender c : Contender.values())
                {
                    values.get(c.ordinal()).add(row.figure(c));
                }
            }
        }
        addAll(chart, categories, values, log);
    }

    private void addLatencySeries(final CategoryChart chart, final String scenario)
    {
        final List<String> categories = new ArrayList<>();
        final List<List<Double>> values = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (final Row row : rows)
        {
            if (row.scenario().equals(scenario) && row.unit().equals("us") && !row.metric().equals("max"))
            {
                categories.add(row.transport() + " " + size(row.sizeBytes()) + " " + row.metric());
                for (final Contender c : Contender.values())
                {
                    values.get(c.ordinal()).add(row.figure(c));
                }
            }
        }
        addAll(chart, categories, values, true);
    }

    private static void addAll(
        final CategoryChart chart,
        final List<String> categories,
        final List<List<Double>> values,
        final boolean log)
    {
        if (categories.isEmpty())
        {
            categories.add("no data");
            values.forEach(v -> v.add(null));
        }
        if (!log)
        {
            // a linear axis from 0: a missing figure is drawn as no bar
            chart.getStyler().setYAxisMin(0.0);
            for (final List<Double> series : values)
            {
                series.replaceAll(v -> v == null || v < 0 ? 0.0 : v);
            }
            addContenders(chart, categories, values);
            return;
        }
        // A log axis needs an explicit floor; a missing figure is drawn at the floor (no bar).
        double min = Double.MAX_VALUE;
        for (final List<Double> series : values)
        {
            for (final Double v : series)
            {
                if (v != null && v > 0)
                {
                    min = Math.min(min, v);
                }
            }
        }
        final double floor = min == Double.MAX_VALUE ? 1.0 : Math.pow(10, Math.floor(Math.log10(min)));
        chart.getStyler().setYAxisMin(floor);
        for (final List<Double> series : values)
        {
            series.replaceAll(v -> v == null || v <= 0 ? floor : v);
        }
        addContenders(chart, categories, values);
    }

    private static void addContenders(final CategoryChart chart, final List<String> categories,
        final List<List<Double>> values)
    {
        chart.addSeries("AeroMQ", categories, values.get(0));
        chart.addSeries("raw Aeron", categories, values.get(1));
        chart.addSeries("JeroMQ", categories, values.get(2));
    }

    private static String csv(final Double value)
    {
        return value == null ? "" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String value(final Double value, final String unit)
    {
        if (value == null)
        {
            return "-";
        }
        return switch (unit)
        {
            case "msgs/s", "req/s", "B" -> String.format(Locale.ROOT, "%,.0f", value);
            default -> String.format(Locale.ROOT, "%,.1f", value);
        };
    }

    static String ratio(final Double a, final Double b, final String unit)
    {
        // a ratio of near-zero sizes (e.g. 2 MB against 0 MB of heap growth) says nothing
        final boolean meaningless = a == null || b == null || b == 0 ||
            (unit.equals("MB") && (Math.abs(a) < 1 || Math.abs(b) < 1));
        return meaningless ? "-" : String.format(Locale.ROOT, "%.2fx", a / b);
    }

    static String size(final long bytes)
    {
        if (bytes <= 0)
        {
            return "-";
        }
        if (bytes >= 1024L * 1024 * 1024 && bytes % (1024L * 1024 * 1024) == 0)
        {
            return bytes / (1024L * 1024 * 1024) + " GiB";
        }
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0)
        {
            return bytes / 1024 + " KiB";
        }
        return bytes + " B";
    }
}

using System.Globalization;
using System.Net;
using System.Text;

namespace ManagedLite.Cli;

/// <summary>`bench --report`: a self-contained HTML page (or a bare SVG) of an operator profile. No scripts, no external files.</summary>
internal static class ProfileReport
{
    /// <summary>What the report says besides the profile.</summary>
    public sealed record Summary(string Model, int Runs, int Threads, double MedianMs, double P90Ms, long ArenaBytes,
                                 long ModelBufferBytes, long AllocBytesPerInvoke);

    /// <summary>Time per operator type, slowest first.</summary>
    public sealed record OperatorTotal(string Operator, int Count, double Milliseconds);

    public static IReadOnlyList<OperatorTotal> ByOperator(IReadOnlyList<OperatorProfile> profile) =>
        profile.GroupBy(p => p.Operator)
            .Select(g => new OperatorTotal(g.Key, g.Count(), g.Sum(p => p.MeanMilliseconds)))
            .OrderByDescending(t => t.Milliseconds).ThenBy(t => t.Operator, StringComparer.Ordinal)
            .ToArray();

    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>The bar chart of per-operator time, plus the memory split bar, as one SVG element.</summary>
    public static string Svg(Summary s, IReadOnlyList<OperatorProfile> profile) => Chart(s, ByOperator(profile), standalone: true);

    public static string Html(Summary s, IReadOnlyList<OperatorProfile> profile)
    {
        var ops = ByOperator(profile);
        double total = profile.Sum(p => p.MeanMilliseconds);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>managedlite bench: ").Append(E(s.Model)).Append("</title>\n");
        sb.Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left}"
                  + "td.n{text-align:right;font-variant-numeric:tabular-nums}tr:nth-child(even){background:#f4f4f4}h2{margin-top:1.5em}</style></head><body>\n");
        sb.Append("<h1>").Append(E(s.Model)).Append("</h1>\n<p>");
        sb.Append(string.Create(Ci, $"{s.Runs} timed invokes on {s.Threads} thread(s): median {s.MedianMs:F3} ms, p90 {s.P90Ms:F3} ms; "));
        sb.Append(string.Create(Ci, $"operators sum to {total:F3} ms per invoke (profiling adds a timer per node); managed bytes allocated per invoke: {s.AllocBytesPerInvoke}."));
        sb.Append("</p>\n<h2>Time per operator type</h2>\n").Append(Chart(s, ops, standalone: false)).Append('\n');
        sb.Append("<table><tr><th>operator</th><th>nodes</th><th>ms per invoke</th><th>share</th></tr>\n");
        foreach (var o in ops)
            sb.Append(string.Create(Ci, $"<tr><td>{E(o.Operator)}</td><td class=\"n\">{o.Count}</td><td class=\"n\">{o.Milliseconds:F3}</td><td class=\"n\">{100 * o.Milliseconds / Math.Max(total, 1e-9):F1}%</td></tr>\n"));
        sb.Append("</table>\n<h2>Slowest nodes</h2>\n<table><tr><th>node</th><th>operator</th><th>ms per invoke</th><th>output</th></tr>\n");
        foreach (var p in profile.OrderByDescending(p => p.MeanMilliseconds).Take(20))
            sb.Append(string.Create(Ci, $"<tr><td class=\"n\">{p.NodeIndex}</td><td>{E(p.Operator)}</td><td class=\"n\">{p.MeanMilliseconds:F3}</td><td>{E(p.Output)}</td></tr>\n"));
        sb.Append("</table>\n<h2>Memory</h2>\n<table>\n");
        sb.Append(string.Create(Ci, $"<tr><td>activation arena (per interpreter)</td><td class=\"n\">{s.ArenaBytes:N0} bytes</td></tr>\n"));
        sb.Append(string.Create(Ci, $"<tr><td>model buffers (constants, shared by every interpreter of the model)</td><td class=\"n\">{s.ModelBufferBytes:N0} bytes</td></tr>\n"));
        sb.Append("</table>\n</body></html>\n");
        return sb.ToString();
    }

    private static string Chart(Summary s, IReadOnlyList<OperatorTotal> ops, bool standalone)
    {
        const int labelWidth = 260, barWidth = 460, row = 22, top = 30;
        int memoryTop = top + ops.Count * row + 30;
        int height = memoryTop + 70;
        int width = labelWidth + barWidth + 140;
        double max = ops.Count > 0 ? Math.Max(ops.Max(o => o.Milliseconds), 1e-9) : 1;
        var sb = new StringBuilder();
        sb.Append(string.Create(Ci, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"13\">\n"));
        if (standalone) sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.Append(string.Create(Ci, $"<text x=\"0\" y=\"18\" font-weight=\"bold\">{E(s.Model)}: ms per invoke by operator type (median {s.MedianMs:F3} ms)</text>\n"));
        for (int i = 0; i < ops.Count; i++)
        {
            var o = ops[i];
            int y = top + i * row;
            double w = Math.Max(1, barWidth * o.Milliseconds / max);
            sb.Append(string.Create(Ci, $"<text x=\"{labelWidth - 8}\" y=\"{y + 15}\" text-anchor=\"end\">{E(o.Operator)} x{o.Count}</text>"));
            sb.Append(string.Create(Ci, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{w:F1}\" height=\"{row - 6}\" fill=\"#3b78c2\"><title>{E(o.Operator)}: {o.Milliseconds:F3} ms</title></rect>"));
            sb.Append(string.Create(Ci, $"<text x=\"{labelWidth + w + 6:F1}\" y=\"{y + 15}\">{o.Milliseconds:F3} ms</text>\n"));
        }
        long totalBytes = Math.Max(1, s.ArenaBytes + s.ModelBufferBytes);
        double arenaW = (double)barWidth * s.ArenaBytes / totalBytes;
        sb.Append(string.Create(Ci, $"<text x=\"0\" y=\"{memoryTop}\" font-weight=\"bold\">memory: arena {s.ArenaBytes:N0} bytes (per interpreter), model buffers {s.ModelBufferBytes:N0} bytes (shared)</text>\n"));
        sb.Append(string.Create(Ci, $"<rect x=\"{labelWidth}\" y=\"{memoryTop + 14}\" width=\"{arenaW:F1}\" height=\"18\" fill=\"#e08a2c\"><title>arena</title></rect>"));
        sb.Append(string.Create(Ci, $"<rect x=\"{labelWidth + arenaW:F1}\" y=\"{memoryTop + 14}\" width=\"{barWidth - arenaW:F1}\" height=\"18\" fill=\"#7aa95c\"><title>model buffers</title></rect>"));
        sb.Append(string.Create(Ci, $"<text x=\"{labelWidth - 8}\" y=\"{memoryTop + 28}\" text-anchor=\"end\">arena | shared</text>\n"));
        sb.Append("</svg>");
        return sb.ToString();
    }
}

using System.Globalization;
using System.Text;

namespace ParameterServer.Bench.Common;

/// <summary>The report line that says how much of the machine other processes took during a run.</summary>
internal static class OtherCpu
{
    /// <summary>Appends the line (and a blank line) when the run measured it.</summary>
    public static void AppendTo(StringBuilder report, (double Others, double Available)? cpuSeconds)
    {
        if (cpuSeconds is var (others, available))
        {
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Other processes used {others:F0} of the {available:F0} CPU-seconds this machine had during the run ({100 * others / available:F0}%); figures are comparable only when that is near 0."));
            report.AppendLine();
        }
    }
}

using Microsoft.Extensions.Options;

namespace ParameterServer.Grains.Joining;

public sealed class JoinerOptionsValidator : IValidateOptions<JoinerOptions>
{
    public ValidateOptionsResult Validate(string? name, JoinerOptions options)
    {
        var failures = new List<string>();
        if (options.Window < TimeSpan.FromMilliseconds(1) || options.Window > TimeSpan.FromDays(7))
        {
            failures.Add($"{JoinerOptions.SectionName}:Window is {options.Window}; set it between 00:00:00.001 and 7.00:00:00.");
        }

        if (options.RecentRequests is < 0 or > 10_000_000)
        {
            failures.Add($"{JoinerOptions.SectionName}:RecentRequests is {options.RecentRequests}; set it between 0 and 10000000.");
        }

        if (!(options.NegativeSamplingRate > 0 && options.NegativeSamplingRate <= 1))
        {
            failures.Add($"{JoinerOptions.SectionName}:NegativeSamplingRate is {options.NegativeSamplingRate}; set it above 0 and at most 1 (1 keeps every negative).");
        }

        if (!float.IsFinite(options.PositiveRating))
        {
            failures.Add($"{JoinerOptions.SectionName}:PositiveRating is {options.PositiveRating}; set a finite rating such as 4.");
        }

        if (options.MaxPending is < 1 or > 100_000_000)
        {
            failures.Add($"{JoinerOptions.SectionName}:MaxPending is {options.MaxPending}; set it between 1 and 100000000.");
        }

        if (options.FlushInterval < TimeSpan.FromMilliseconds(10) || options.FlushInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{JoinerOptions.SectionName}:FlushInterval is {options.FlushInterval}; set it between 00:00:00.010 and 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

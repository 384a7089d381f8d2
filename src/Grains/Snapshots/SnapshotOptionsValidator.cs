using Microsoft.Extensions.Options;

namespace ParameterServer.Grains.Snapshots;

internal sealed class SnapshotOptionsValidator : IValidateOptions<SnapshotOptions>
{
    public ValidateOptionsResult Validate(string? name, SnapshotOptions options)
    {
        const string S = SnapshotOptions.SectionName;
        var failures = new List<string>();
        if (options.Store == SnapshotStoreKind.LocalFolder && string.IsNullOrWhiteSpace(options.Folder))
        {
            failures.Add($"{S}:Folder is empty; set the folder for LocalFolder snapshots.");
        }

        if (options.Store == SnapshotStoreKind.AzureBlob
            && (options.Container.Length is < 3 or > 63 || !options.Container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            failures.Add($"{S}:Container is '{options.Container}'; use 3 to 63 lowercase letters, digits or '-'.");
        }

        if (options.DailyAtUtc < TimeSpan.Zero || options.DailyAtUtc >= TimeSpan.FromDays(1))
        {
            failures.Add($"{S}:DailyAtUtc is {options.DailyAtUtc}; set a time of day from 00:00:00 to 23:59:59.");
        }

        if (options.FullInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{S}:FullInterval is {options.FullInterval}; set at least 00:00:01.");
        }

        if (options.IncrementalInterval < TimeSpan.Zero)
        {
            failures.Add($"{S}:IncrementalInterval is {options.IncrementalInterval}; set 00:00:00 (off) or a positive interval.");
        }

        if (options.Keep < 1)
        {
            failures.Add($"{S}:Keep is {options.Keep}; keep at least 1 full snapshot.");
        }

        if (options.RetryDelay <= TimeSpan.Zero)
        {
            failures.Add($"{S}:RetryDelay is {options.RetryDelay}; set a positive delay.");
        }

        if (options.BlockRows is < 1 or > SnapshotPartReader.MaxBlockRows)
        {
            failures.Add($"{S}:BlockRows is {options.BlockRows}; set it between 1 and {SnapshotPartReader.MaxBlockRows}.");
        }

        if (options.ParallelShards is < 1 or > 64)
        {
            failures.Add($"{S}:ParallelShards is {options.ParallelShards}; set it between 1 and 64.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

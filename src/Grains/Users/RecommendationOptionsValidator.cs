using Microsoft.Extensions.Options;

namespace ParameterServer.Grains.Users;

public sealed class RecommendationOptionsValidator : IValidateOptions<RecommendationOptions>
{
    public ValidateOptionsResult Validate(string? name, RecommendationOptions options)
    {
        var section = RecommendationOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ItemTable) || options.ItemTable.Length > TableConfig.MaxNameLength)
        {
            failures.Add($"{section}:ItemTable '{options.ItemTable}' is not a valid table name.");
        }

        if (options.ItemKeyOffset < 0)
        {
            failures.Add($"{section}:ItemKeyOffset is {options.ItemKeyOffset}; it must be 0 or more.");
        }

        if (!DenseModelName.IsValid(options.FusionModel))
        {
            failures.Add($"{section}:FusionModel '{options.FusionModel}' is not a valid model name.");
        }

        if (options.SequenceLength is < 1 or > 1024)
        {
            failures.Add($"{section}:SequenceLength is {options.SequenceLength}; it must be 1..1024.");
        }

        if (options.LongTermDimension is < 1 or > 4096)
        {
            failures.Add($"{section}:LongTermDimension is {options.LongTermDimension}; it must be 1..4096.");
        }

        if (options.PopularityHalfLife <= TimeSpan.Zero)
        {
            failures.Add($"{section}:PopularityHalfLife is {options.PopularityHalfLife}; it must be positive.");
        }

        if (options.PopularityCapacity < 1)
        {
            failures.Add($"{section}:PopularityCapacity is {options.PopularityCapacity}; it must be at least 1.");
        }

        if (options.FusionRefreshInterval < TimeSpan.Zero)
        {
            failures.Add($"{section}:FusionRefreshInterval is {options.FusionRefreshInterval}; it must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

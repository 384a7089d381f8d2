namespace ParameterServer.Trainer.Tests;

/// <summary>The shared data sets beside the repository: ../shared/data from the folder holding Orleans.sln.</summary>
internal static class DataFiles
{
    public static string Root { get; } = FindRoot();

    public static string MovieLens100K => Path.Combine(Root, "movielens", "ml-100k");

    public static string Criteo => Path.Combine(Root, "criteo", "criteo_train_head1000.txt");

    public static string Taobao => Path.Combine(Root, "taobao_userbehavior", "UserBehavior_slice_2017-11-26.csv");

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Orleans.sln")))
        {
            folder = folder.Parent;
        }

        if (folder is null)
        {
            throw new DirectoryNotFoundException($"No Orleans.sln above {AppContext.BaseDirectory}.");
        }

        var data = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "data"));
        return Directory.Exists(data) ? data : throw new DirectoryNotFoundException($"The shared data folder {data} is missing.");
    }
}

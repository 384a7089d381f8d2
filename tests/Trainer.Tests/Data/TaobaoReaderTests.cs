using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Data.Taobao;

namespace ParameterServer.Trainer.Tests.Data;

public sealed class TaobaoReaderTests
{
    [Fact]
    public void SliceHasTheDocumentedCounts()
    {
        var log = TaobaoLog.Read(DataFiles.Taobao);

        Assert.Equal(110_300, log.Count);
        Assert.Equal(66_454, log.Users.Distinct().Count());
        Assert.Equal(84_793, log.Items.Distinct().Count());
        Assert.Equal(3_913, log.ItemCategories.Values.Select(c => c[0]).Distinct().Count());
        var actions = log.Actions.GroupBy(a => a).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Assert.Equal([98_361, 6_063, 3_383, 2_493], actions);
        Assert.Equal((1_511_658_000L, 1_511_665_811L), (log.Timestamps[0], log.Timestamps[^1]));
        Assert.Equal((543_462L, 1_715L), (log.Users[0], log.Items[0]));
    }

    [Fact]
    public void UnknownBehaviourNamesFileAndLine()
    {
        using var folder = new TempFolder();
        var file = folder.Write("ub.csv", "1,2,3,pv,100\n1,2,3,click,101\n");
        var error = Assert.Throws<DataFormatException>(() => TaobaoLog.Read(file));
        Assert.Equal((file, 2L), (error.File, error.Line));
        Assert.Contains("behavior 'click' is not pv, cart, fav or buy", error.Message);
    }
}

using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Data.Criteo;

namespace ParameterServer.Trainer.Tests.Data;

public sealed class CriteoReaderTests
{
    [Fact]
    public void HeadOfTrainTxtHasTheDocumentedCounts()
    {
        using var reader = new CriteoReader(DataFiles.Criteo);
        var row = new CriteoRow();
        int rows = 0, clicks = 0, missingI12 = 0;
        var first = true;
        while (reader.TryRead(row))
        {
            if (first)
            {
                // 0  1  1  5  0  1382  4  15  2  181  1  2  (empty)  2  68fd1e64 80e26c9b ...
                Assert.Equal(0, row.Label);
                Assert.Equal([1L, 1, 5, 0, 1382, 4, 15, 2, 181, 1, 2, 0, 2], row.Integers);
                Assert.False(row.HasInteger[11]);
                Assert.Equal(0x68fd1e64u, row.Categories[0]);
                Assert.Equal(0x9727dd16u, row.Categories[25]);
                Assert.False(row.HasCategory[21]);
                first = false;
            }

            rows++;
            clicks += row.Label;
            missingI12 += row.HasInteger[11] ? 0 : 1;
        }

        Assert.Equal(1_000, rows);
        Assert.Equal(205, clicks);
        Assert.True(missingI12 > 0);
    }

    [Fact]
    public void MalformedCategoryNamesFileLineAndColumn()
    {
        using var folder = new TempFolder();
        var good = "1" + string.Concat(Enumerable.Repeat("\t3", 13)) + string.Concat(Enumerable.Repeat("\tabcdef01", 26));
        var bad = "0" + string.Concat(Enumerable.Repeat("\t3", 13)) + "\tzz" + string.Concat(Enumerable.Repeat("\tabcdef01", 25));
        var file = folder.Write("train.txt", $"{good}\n{bad}\n{good}\n0\t1\t2\n");
        using var reader = new CriteoReader(file);
        var row = new CriteoRow();
        Assert.True(reader.TryRead(row));
        var error = Assert.Throws<DataFormatException>(() => reader.TryRead(row));
        Assert.Equal((file, 2L), (error.File, error.Line));
        Assert.Contains("column C1 'zz' is not up to 8 hex digits", error.Message);

        using var skipping = new CriteoReader(file, new ReaderOptions { SkipBadLines = true });
        var count = 0;
        while (skipping.TryRead(row))
        {
            count++;
        }

        Assert.Equal((2, 2L), (count, skipping.SkippedLines));
    }
}

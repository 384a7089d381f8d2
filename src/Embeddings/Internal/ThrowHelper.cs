using System.Diagnostics.CodeAnalysis;

namespace ParameterServer.Embeddings.Internal;

/// <summary>Throws from small out-of-line helpers so hot methods stay small enough to inline and optimise.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Argument(string message, string paramName) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);

    /// <summary>Throws unless <paramref name="length"/> is at least <paramref name="rows"/> × <paramref name="width"/>.</summary>
    public static void CheckAtLeast(int length, int rows, int width, string paramName)
    {
        if (length < (long)rows * width)
        {
            Argument($"{paramName} has {length} elements; {rows} rows × {width} need at least {(long)rows * width}.", paramName);
        }
    }

    /// <summary>Throws unless <paramref name="length"/> is exactly <paramref name="rows"/> × <paramref name="width"/>.</summary>
    public static void CheckExactly(int length, int rows, int width, string paramName)
    {
        if (length != (long)rows * width)
        {
            Argument($"{paramName} has {length} elements; {rows} rows × {width} need exactly {(long)rows * width}.", paramName);
        }
    }
}

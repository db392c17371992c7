namespace AwsHarden.Incident;

/// <summary>
/// A Bloom filter of the actor tokens of one file: a few bits per token instead of the tokens themselves, so
/// the first pass's per-file index stays small for any trail. A false "might contain" only costs one extra
/// file in the second pass; a true one is never missed.
/// </summary>
public sealed class ActorFilter
{
    private const int Hashes = 5;
    private readonly ulong[] _bits;

    public ActorFilter(IReadOnlyCollection<string> tokens)
    {
        // About 12 bits per token keeps false positives near half a percent.
        var words = Math.Max(16, (tokens.Count * 12 + 63) / 64);
        _bits = new ulong[words];
        foreach (var token in tokens) Add(token);
    }

    /// <summary>The filter's words, as <see cref="ActorIndex"/> stores them.</summary>
    internal ReadOnlySpan<ulong> Bits => _bits;

    public bool MightContain(string token) => MightContain(_bits, Hash(token));

    /// <summary>The test on stored words, with the token hashed once by <see cref="Hash"/> for many filters.</summary>
    internal static bool MightContain(ReadOnlySpan<ulong> bits, (ulong, ulong) hash)
    {
        var (h1, h2) = hash;
        var size = (ulong)bits.Length * 64;
        for (var i = 0; i < Hashes; i++)
        {
            var bit = (h1 + (ulong)i * h2) % size;
            if ((bits[(int)(bit / 64)] & (1UL << (int)(bit % 64))) == 0) return false;
        }
        return true;
    }

    private void Add(string token)
    {
        var (h1, h2) = Hash(token);
        var size = (ulong)_bits.Length * 64;
        for (var i = 0; i < Hashes; i++)
        {
            var bit = (h1 + (ulong)i * h2) % size;
            _bits[bit / 64] |= 1UL << (int)(bit % 64);
        }
    }

    /// <summary>Two independent 64-bit FNV-1a hashes (different offsets), for double hashing.</summary>
    internal static (ulong, ulong) Hash(string token)
    {
        ulong a = 14695981039346656037UL, b = 1099511628211UL * 31;
        foreach (var c in token)
        {
            a = (a ^ c) * 1099511628211UL;
            b = (b ^ c) * 0x100000001b3UL + 0x9E3779B97F4A7C15UL;
        }
        return (a, b | 1);
    }
}

namespace AwsHarden.Incident;

/// <summary>
/// Lets at most <c>permits</c> requests start in any one-second window (a sliding window over the last starts),
/// waiting on the given <see cref="TimeProvider"/> so tests can drive it with a fake clock. One per region:
/// LookupEvents allows 2 requests/s per account and region, and going over only earns throttling retries.
/// </summary>
public sealed class RequestPacer(TimeProvider time, int permits, TimeSpan? window = null)
{
    private readonly TimeSpan _window = window ?? TimeSpan.FromSeconds(1);
    private readonly Queue<DateTimeOffset> _starts = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits until one more request may start, and counts it as started.</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                while (_starts.Count > 0 && now - _starts.Peek() >= _window) _starts.Dequeue();
                if (_starts.Count < permits)
                {
                    _starts.Enqueue(now);
                    return;
                }
                await Task.Delay(_starts.Peek() + _window - now, time, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}

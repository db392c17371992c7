using System.Net;
using Polly;
using Polly.Retry;

namespace AwsHarden.Aws;

/// <summary>How often and how patiently a throttled or failed call is retried.</summary>
/// <param name="MaxAttempts">Attempts in all, the first included.</param>
public sealed record AwsRetryOptions(int MaxAttempts = 5, TimeSpan? BaseDelay = null, TimeSpan? MaxDelay = null)
{
    public static AwsRetryOptions Default { get; } = new();
}

/// <summary>Builds the retry pipeline: throttling, 5xx and network errors only, exponential backoff with jitter.
/// </summary>
public static class AwsRetry
{
    public static ResiliencePipeline CreatePipeline(AwsRetryOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxAttempts <= 1)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay ?? TimeSpan.FromMilliseconds(200),
            MaxDelay = options.MaxDelay ?? TimeSpan.FromSeconds(20),
            ShouldHandle = args => ValueTask.FromResult(
                IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
        }).Build();
    }

    /// <summary>Whether a failure may go away on its own. AccessDenied and other 4xx never do.</summary>
    public static bool IsTransient(Exception? exception, CancellationToken cancellationToken) => exception switch
    {
        AwsServiceException aws => aws.IsRetryable,
        AwsNoAnswerException => false,
        HttpRequestException http => http.StatusCode is null || (int)http.StatusCode >= 500
            || http.StatusCode == HttpStatusCode.TooManyRequests,
        // HttpClient reports its own timeout as a cancellation; only the caller's token means "stop".
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        IOException => true,
        _ => false,
    };
}

using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>The seam between the plan engine and an account: reads one resource's live state and makes one
/// call. The AWS-backed executor implements it over the typed clients; tests use an in-memory one.</summary>
/// <remarks>Attribute names and formats per resource type are listed in <see cref="ResourceTypes"/>; an
/// executor must use exactly those, because apply compares them as text.</remarks>
public interface IStepExecutor
{
    /// <summary>The live state of <paramref name="key"/>; <c>Exists = false</c> when it is not there.</summary>
    Task<ResourceState> ReadStateAsync(ResourceKey key, CancellationToken cancellationToken);

    /// <summary>Makes the call. A create that finds its resource already made by this tool must succeed, so
    /// a call repeated after a crash does no harm. Throws <see cref="StepFailedException"/> on an AWS error.
    /// </summary>
    Task ExecuteAsync(ApiCall call, CancellationToken cancellationToken);
}

/// <summary>An AWS error (or local failure) that stops a step; the journal records its message.</summary>
public sealed class StepFailedException(string message, Exception? inner = null) : Exception(message, inner);

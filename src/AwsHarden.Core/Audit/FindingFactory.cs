using AwsHarden.Model;

namespace AwsHarden.Audit;

/// <summary>Builds findings from a check's metadata, so each result carries the check's id and severity.</summary>
public static class FindingFactory
{
    public static Finding Result(
        this CheckMetadata check, Status status, string resource, string message, string? region = null) =>
        new()
        {
            CheckId = check.Id,
            Status = status,
            Severity = check.Severity,
            Resource = resource,
            Region = region,
            Message = message,
        };

    public static Finding Pass(this CheckMetadata check, string resource, string message, string? region = null) =>
        check.Result(Status.Pass, resource, message, region);

    public static Finding Fail(this CheckMetadata check, string resource, string message, string? region = null) =>
        check.Result(Status.Fail, resource, message, region);

    public static Finding Manual(this CheckMetadata check, string resource, string message, string? region = null) =>
        check.Result(Status.Manual, resource, message, region);

    public static Finding NotApplicable(
        this CheckMetadata check, string resource, string message, string? region = null) =>
        check.Result(Status.NotApplicable, resource, message, region);

    /// <summary>An Unknown whose message is the failed call's reason (<c>AccessDenied on iam:…</c>).</summary>
    public static Finding Unknown(this CheckMetadata check, string resource, CallError error, string? region = null) =>
        check.Result(Status.Unknown, resource, error.Reason, region ?? error.Region);

    public static Finding Unknown(this CheckMetadata check, string resource, string reason, string? region = null) =>
        check.Result(Status.Unknown, resource, reason, region);
}

using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>The kinds of resource a sweep lists: what an attacker creates to spend money or to stay.</summary>
public enum SweepKind
{
    Ec2Instance,
    SpotRequest,
    Image,
    Volume,
    Snapshot,
    LambdaFunction,
    KeyPair,
    IamUser,
    IamRole,
    IamPolicy,
    AccessKey,
}

/// <summary>Names and read actions of <see cref="SweepKind"/>.</summary>
public static class SweepKinds
{
    /// <summary>The kinds read in every region, in the order a region is swept.</summary>
    public static IReadOnlyList<SweepKind> Regional { get; } =
    [
        SweepKind.Ec2Instance, SweepKind.SpotRequest, SweepKind.Image, SweepKind.Volume, SweepKind.Snapshot,
        SweepKind.LambdaFunction, SweepKind.KeyPair,
    ];

    public static IReadOnlyList<SweepKind> Global { get; } =
        [SweepKind.IamUser, SweepKind.IamRole, SweepKind.IamPolicy, SweepKind.AccessKey];

    /// <summary>The name shown in reports, in AWS's resource vocabulary.</summary>
    public static string Name(this SweepKind kind) => kind switch
    {
        SweepKind.Ec2Instance => "ec2:instance",
        SweepKind.SpotRequest => "ec2:spot-instance-request",
        SweepKind.Image => "ec2:image",
        SweepKind.Volume => "ec2:volume",
        SweepKind.Snapshot => "ec2:snapshot",
        SweepKind.LambdaFunction => "lambda:function",
        SweepKind.KeyPair => "ec2:key-pair",
        SweepKind.IamUser => "iam:user",
        SweepKind.IamRole => "iam:role",
        SweepKind.IamPolicy => "iam:policy",
        SweepKind.AccessKey => "iam:access-key",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The IAM action that reads the kind; what a policy must allow for the sweep.</summary>
    public static string ReadAction(this SweepKind kind) => kind switch
    {
        SweepKind.Ec2Instance => "ec2:DescribeInstances",
        SweepKind.SpotRequest => "ec2:DescribeSpotInstanceRequests",
        SweepKind.Image => "ec2:DescribeImages",
        SweepKind.Volume => "ec2:DescribeVolumes",
        SweepKind.Snapshot => "ec2:DescribeSnapshots",
        SweepKind.LambdaFunction => "lambda:ListFunctions",
        SweepKind.KeyPair => "ec2:DescribeKeyPairs",
        SweepKind.AccessKey => "iam:ListAccessKeys",
        _ => "iam:GetAccountAuthorizationDetails",
    };

    /// <summary>Lambda's ListFunctions gives no creation time; the sweep uses the last modification.</summary>
    public static bool DatedByLastChange(this SweepKind kind) => kind == SweepKind.LambdaFunction;
}

/// <summary>One resource found in the account.</summary>
/// <param name="Region">Null for IAM, which is global.</param>
/// <param name="Id">The id (i-…, ami-…, AKIA…) or, for IAM users, roles and policies, the name or ARN.</param>
/// <param name="Created">Creation time; for Lambda functions the last modification. Null when AWS gives none.
/// </param>
/// <param name="Detail">Type, state, owner: whatever helps a person recognise it.</param>
public sealed record SweepResource(SweepKind Kind, string? Region, string Id, DateTimeOffset? Created,
    string Detail = "");

/// <summary>A kind that could not be read in a region (or globally): not swept, which is not the same as empty.
/// </summary>
public sealed record SweepGap(SweepKind Kind, string? Region, CallError Error);

/// <summary>Everything a sweep read from the account, and what it could not read.</summary>
public sealed record SweepInventory
{
    public required string AccountId { get; init; }
    public required DateTimeOffset ReadAt { get; init; }
    /// <summary>The regions swept (every enabled region unless narrowed).</summary>
    public required IReadOnlyList<string> Regions { get; init; }
    public IReadOnlyList<SweepResource> Resources { get; init; } = [];
    public IReadOnlyList<SweepGap> NotSwept { get; init; } = [];
    /// <summary>Set when the enabled regions could not be listed: only the home region (or --regions) was swept.
    /// </summary>
    public CallError? RegionsError { get; init; }
    /// <summary>AWS calls made, retries included.</summary>
    public long ApiCalls { get; init; }
}

/// <summary>Which regions to sweep; null means every region enabled for the account.</summary>
public sealed record SweepScope(IReadOnlyList<string>? Regions = null);

/// <summary>Reads the resources a sweep compares: the live account, or anything a test puts behind it.</summary>
public interface ISweepInventoryReader
{
    Task<SweepInventory> ReadAsync(SweepScope scope, IProgress<string>? progress, CancellationToken ct);
}

using System.Collections.Concurrent;
using AwsHarden.Audit.Collect;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>
/// Reads the sweep's inventory from a live account: per enabled region (regions in parallel, bounded) the
/// instances, spot requests, own AMIs, volumes, own snapshots and Lambda functions; then IAM from one
/// GetAccountAuthorizationDetails and one ListAccessKeys per user. A call that fails becomes a
/// <see cref="SweepGap"/>; a bug still throws.
/// </summary>
/// <remarks>Access keys come from ListAccessKeys, not the credential report: the report has no key ids and
/// AWS may serve one up to four hours old, which could hide the key an attacker made an hour ago.</remarks>
public sealed class AwsSweepReader(AwsSession session, TimeProvider time, int parallelRegions = 8)
    : ISweepInventoryReader
{
    private readonly ConcurrentQueue<SweepGap> gaps = new();
    private readonly ConcurrentBag<SweepResource> found = [];

    /// <summary>Every IAM action a sweep needs, for policies and for the error hint.</summary>
    public static IReadOnlyList<string> RequiredActions { get; } =
    [
        "sts:GetCallerIdentity", "ec2:DescribeRegions",
        .. SweepKinds.Regional.Concat(SweepKinds.Global).Select(k => k.ReadAction()).Distinct(),
    ];

    public async Task<SweepInventory> ReadAsync(SweepScope scope, IProgress<string>? progress, CancellationToken ct)
    {
        var identity = await session.GetCallerIdentityAsync(ct).ConfigureAwait(false);
        var (regions, regionsError) = await ResolveRegionsAsync(scope, ct).ConfigureAwait(false);
        progress?.Report($"Sweeping {regions.Count} region(s) and IAM of account {identity.Account}");

        var iam = ReadIamAsync(progress, ct);
        var done = 0;
        using var pool = new SemaphoreSlim(parallelRegions);
        await Task.WhenAll(regions.Select(async region =>
        {
            await pool.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await ReadRegionAsync(region, ct).ConfigureAwait(false);
            }
            finally
            {
                pool.Release();
                progress?.Report($"swept {region} ({Interlocked.Increment(ref done)}/{regions.Count})");
            }
        })).ConfigureAwait(false);
        await iam.ConfigureAwait(false);

        return new SweepInventory
        {
            AccountId = identity.Account,
            ReadAt = time.GetUtcNow(),
            Regions = regions,
            RegionsError = regionsError,
            Resources = [.. found.OrderBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.Kind)
                .ThenBy(r => r.Id, StringComparer.Ordinal)],
            NotSwept = [.. gaps.OrderBy(g => g.Region, StringComparer.Ordinal).ThenBy(g => g.Kind)],
            ApiCalls = session.CallCount,
        };
    }

    /// <summary>The enabled regions, or those asked for (each checked to be enabled, as the audit does).</summary>
    private async Task<(IReadOnlyList<string> Regions, CallError? Error)> ResolveRegionsAsync(SweepScope scope,
        CancellationToken ct)
    {
        IReadOnlyList<string> enabled;
        try
        {
            enabled = await new Ec2Client(session).DescribeRegionsAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (Collector.ToCallError(ex, "ec2:DescribeRegions", session.HomeRegion, ct)
            is { } error)
        {
            return scope.Regions is { Count: > 0 } asked ? (asked, null) : ([session.HomeRegion], error);
        }

        if (scope.Regions is not { Count: > 0 } requested)
        {
            return (enabled, null);
        }

        var unknown = requested.Where(r => !enabled.Contains(r, StringComparer.Ordinal)).ToList();
        return unknown.Count == 0
            ? (requested, null)
            : throw new UserErrorException(
                $"Region(s) not enabled for account or unknown: {string.Join(", ", unknown)}.",
                $"use enabled regions: {string.Join(", ", enabled)}");
    }

    // TODO(incident): security group rules, spot fleets, auto scaling groups and other compute services (ECS,
    // Batch, SageMaker, Lightsail) are not swept.
    private async Task ReadRegionAsync(string region, CancellationToken ct)
    {
        var ec2 = new Ec2Client(session);
        var lambda = new LambdaClient(session);
        await ReadAsync(SweepKind.Ec2Instance, region, async c =>
            (await ec2.DescribeInstancesAsync(region, c).ConfigureAwait(false)).Select(i => new SweepResource(
                SweepKind.Ec2Instance, region, i.InstanceId, i.LaunchTime,
                string.Join(", ", new[] { i.InstanceType, i.State }.Where(s => s is not null)))), ct)
            .ConfigureAwait(false);
        await ReadEc2Async(SweepKind.SpotRequest, region, ec2.DescribeSpotInstanceRequestsAsync, ct)
            .ConfigureAwait(false);
        await ReadEc2Async(SweepKind.Image, region, ec2.DescribeOwnImagesAsync, ct).ConfigureAwait(false);
        await ReadEc2Async(SweepKind.Volume, region, ec2.DescribeVolumesAsync, ct).ConfigureAwait(false);
        await ReadEc2Async(SweepKind.Snapshot, region, ec2.DescribeOwnSnapshotsAsync, ct).ConfigureAwait(false);
        await ReadAsync(SweepKind.LambdaFunction, region, async c =>
            (await lambda.ListFunctionsAsync(region, c).ConfigureAwait(false)).Select(f => new SweepResource(
                SweepKind.LambdaFunction, region, f.FunctionName, f.LastModified,
                string.Join(", ", new[] { f.Runtime, f.Role }.Where(s => s is not null)))), ct)
            .ConfigureAwait(false);
        // An imported key pair is how the attacker signs in to what it launches.
        await ReadEc2Async(SweepKind.KeyPair, region, ec2.DescribeKeyPairsAsync, ct).ConfigureAwait(false);
    }

    private Task ReadEc2Async(SweepKind kind, string region,
        Func<string, CancellationToken, Task<List<Ec2Resource>>> read, CancellationToken ct) =>
        ReadAsync(kind, region, async c => (await read(region, c).ConfigureAwait(false))
            .Select(r => new SweepResource(kind, region, r.Id, r.Created, r.Detail)), ct);

    private async Task ReadIamAsync(IProgress<string>? progress, CancellationToken ct)
    {
        var iam = new IamClient(session);
        AuthorizationDetails? details = null;
        await ReadAsync(SweepKind.IamUser, null, async c =>
        {
            details = await iam.GetAccountAuthorizationDetailsAsync(c).ConfigureAwait(false);
            return IamResources(details);
        }, ct).ConfigureAwait(false);
        if (details is null)
        {
            // One call reads users, roles and policies: when it fails, none of the three was swept.
            var error = gaps.First(g => g.Kind == SweepKind.IamUser).Error;
            gaps.Enqueue(new SweepGap(SweepKind.IamRole, null, error));
            gaps.Enqueue(new SweepGap(SweepKind.IamPolicy, null, error));
            gaps.Enqueue(new SweepGap(SweepKind.AccessKey, null, error));
            return;
        }

        await ReadAccessKeysAsync(iam, details.Users, ct).ConfigureAwait(false);
        progress?.Report($"swept IAM ({details.Users.Count} users, {details.Roles.Count} roles)");
    }

    private async Task ReadAccessKeysAsync(IamClient iam, IReadOnlyList<IamUser> users, CancellationToken ct)
    {
        using var pool = new SemaphoreSlim(parallelRegions);
        var denied = 0;
        await Task.WhenAll(users.Select(async user =>
        {
            await pool.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                // One gap for the kind is enough to say keys were not swept; more would repeat it per user.
                await ReadAsync(SweepKind.AccessKey, null, async c =>
                    (await iam.ListAccessKeysAsync(user.Name, c).ConfigureAwait(false)).Select(k =>
                        new SweepResource(SweepKind.AccessKey, null, k.AccessKeyId, k.CreateDate,
                            $"user {k.UserName}, {k.Status}")), ct,
                    record: () => Interlocked.Increment(ref denied) == 1).ConfigureAwait(false);
            }
            finally
            {
                pool.Release();
            }
        })).ConfigureAwait(false);
    }

    private static IEnumerable<SweepResource> IamResources(AuthorizationDetails details) =>
        details.Users.Select(u => new SweepResource(SweepKind.IamUser, null, u.Name, u.CreateDate, u.Arn))
            .Concat(details.Roles.Select(r => new SweepResource(SweepKind.IamRole, null, r.Name, r.CreateDate,
                r.Arn)))
            .Concat(details.Policies.Where(p => !p.IsAwsManaged).Select(p => new SweepResource(
                SweepKind.IamPolicy, null, p.Arn, p.CreateDate, $"attached {p.AttachmentCount} time(s)")));

    /// <summary>Runs one read; its resources are kept, its failure becomes a gap (when
    /// <paramref name="record"/> agrees).</summary>
    private async Task ReadAsync(SweepKind kind, string? region,
        Func<CancellationToken, Task<IEnumerable<SweepResource>>> read, CancellationToken ct,
        Func<bool>? record = null)
    {
        try
        {
            foreach (var resource in await read(ct).ConfigureAwait(false))
            {
                found.Add(resource);
            }
        }
        catch (Exception ex) when (Collector.ToCallError(ex, kind.ReadAction(), region, ct) is { } error)
        {
            if (record?.Invoke() ?? true)
            {
                gaps.Enqueue(new SweepGap(kind, region, error));
            }
        }
    }
}

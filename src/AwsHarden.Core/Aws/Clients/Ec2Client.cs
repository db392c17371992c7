using Amazon.EC2;
using Amazon.EC2.Model;

namespace AwsHarden.Aws.Clients;

/// <summary>EC2 through the official SDK client, with the session's endpoints, credentials and HTTP stack.
/// </summary>
public sealed class Ec2Client(AwsSession session)
{
    private static readonly List<string> LiveStates = ["pending", "running", "shutting-down", "stopping", "stopped"];

    /// <summary>The regions enabled for the account (opt-in regions only when opted in).</summary>
    public async Task<IReadOnlyList<string>> DescribeRegionsAsync(CancellationToken ct)
    {
        using var client = Create(session.HomeRegion);
        var response = await AwsSession.CallSdkAsync("ec2:DescribeRegions", session.HomeRegion,
            () => client.DescribeRegionsAsync(new DescribeRegionsRequest { AllRegions = false }, ct))
            .ConfigureAwait(false);
        return [.. (response.Regions ?? []).Select(r => r.RegionName).Order(StringComparer.Ordinal)];
    }

    /// <summary>Instances that are not terminated, every page.</summary>
    public async Task<IReadOnlyList<Model.Ec2Instance>> DescribeInstancesAsync(string region, CancellationToken ct)
    {
        using var client = Create(region);
        return await AwsPaging.CollectAsync<Model.Ec2Instance>(async token =>
        {
            var request = new DescribeInstancesRequest
            {
                MaxResults = 1000,
                NextToken = token,
                Filters = [new Filter("instance-state-name", LiveStates)],
            };
            var response = await AwsSession.CallSdkAsync("ec2:DescribeInstances", region,
                () => client.DescribeInstancesAsync(request, ct)).ConfigureAwait(false);
            var instances = (response.Reservations ?? []).SelectMany(r => r.Instances ?? []).Select(i =>
                new Model.Ec2Instance
                {
                    InstanceId = i.InstanceId,
                    State = i.State?.Name?.Value,
                    InstanceType = i.InstanceType?.Value,
                    IamInstanceProfileArn = i.IamInstanceProfile?.Arn,
                    LaunchTime = i.LaunchTime is { } t ? new DateTimeOffset(t.ToUniversalTime()) : null,
                });
            return (instances.ToList(), response.NextToken);
        }).ConfigureAwait(false);
    }

    /// <summary>Whether any of the instances is still alive (not terminated or on its way there); instances
    /// EC2 no longer knows count as gone.</summary>
    public async Task<bool> AnyInstanceAliveAsync(string region, IReadOnlyList<string> ids, CancellationToken ct)
    {
        using var client = Create(region);
        var alive = LiveStates.Where(s => s != "shutting-down").ToList();
        var request = new DescribeInstancesRequest
        {
            InstanceIds = [.. ids], Filters = [new("instance-state-name", alive)],
        };
        return await GoneIsFalseAsync("ec2:DescribeInstances", region, "InvalidInstanceID.NotFound", async () =>
            (await client.DescribeInstancesAsync(request, ct).ConfigureAwait(false)).Reservations?
                .Any(r => r.Instances?.Count > 0) == true).ConfigureAwait(false);
    }

    /// <summary>Whether the key pair exists.</summary>
    public async Task<bool> KeyPairExistsAsync(string region, string name, CancellationToken ct)
    {
        using var client = Create(region);
        return await GoneIsFalseAsync("ec2:DescribeKeyPairs", region, "InvalidKeyPair.NotFound", async () =>
            (await client.DescribeKeyPairsAsync(new DescribeKeyPairsRequest { KeyNames = [name] }, ct)
                .ConfigureAwait(false)).KeyPairs?.Count > 0).ConfigureAwait(false);
    }

    /// <summary>Whether any of the security group rules still exists.</summary>
    public async Task<bool> AnySecurityGroupRuleAsync(string region, IReadOnlyList<string> ids, CancellationToken ct)
    {
        using var client = Create(region);
        var request = new DescribeSecurityGroupRulesRequest { SecurityGroupRuleIds = [.. ids] };
        return await GoneIsFalseAsync("ec2:DescribeSecurityGroupRules", region,
            "InvalidSecurityGroupRuleId.NotFound", async () =>
                (await client.DescribeSecurityGroupRulesAsync(request, ct).ConfigureAwait(false))
                .SecurityGroupRules?.Count > 0).ConfigureAwait(false);
    }

    private static async Task<bool> GoneIsFalseAsync(string action, string region, string notFound,
        Func<Task<bool>> read)
    {
        try
        {
            return await AwsSession.CallSdkAsync(action, region, read).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.Code == notFound)
        {
            return false;
        }
    }

    /// <summary>Spot instance requests in every state (a cancelled one may have left an instance running).
    /// </summary>
    public Task<List<Ec2Resource>> DescribeSpotInstanceRequestsAsync(string region, CancellationToken ct) =>
        PagedAsync(region, "ec2:DescribeSpotInstanceRequests", async (client, token) =>
        {
            var response = await client.DescribeSpotInstanceRequestsAsync(
                new DescribeSpotInstanceRequestsRequest { MaxResults = 1000, NextToken = token }, ct)
                .ConfigureAwait(false);
            return ((response.SpotInstanceRequests ?? []).Select(s => new Ec2Resource(s.SpotInstanceRequestId,
                Utc(s.CreateTime), Describe(s.LaunchSpecification?.InstanceType?.Value, s.State?.Value,
                    s.InstanceId))), response.NextToken);
        });

    /// <summary>AMIs the account owns (Owners=self); DescribeImages is not paged here.</summary>
    public async Task<List<Ec2Resource>> DescribeOwnImagesAsync(string region, CancellationToken ct)
    {
        using var client = Create(region);
        var response = await AwsSession.CallSdkAsync("ec2:DescribeImages", region,
            () => client.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] }, ct))
            .ConfigureAwait(false);
        return [.. (response.Images ?? []).Select(i => new Ec2Resource(i.ImageId, ParseIso(i.CreationDate),
            Describe(i.Name, i.State?.Value, i.Public == true ? "public" : null)))];
    }

    public Task<List<Ec2Resource>> DescribeVolumesAsync(string region, CancellationToken ct) =>
        PagedAsync(region, "ec2:DescribeVolumes", async (client, token) =>
        {
            var response = await client.DescribeVolumesAsync(
                new DescribeVolumesRequest { MaxResults = 1000, NextToken = token }, ct).ConfigureAwait(false);
            return ((response.Volumes ?? []).Select(v => new Ec2Resource(v.VolumeId, Utc(v.CreateTime),
                Describe(v.Size is { } size ? $"{size} GiB" : null, v.State?.Value,
                    v.Attachments?.FirstOrDefault()?.InstanceId))), response.NextToken);
        });

    /// <summary>The region's key pairs, named (one call: DescribeKeyPairs has no pages).</summary>
    public Task<List<Ec2Resource>> DescribeKeyPairsAsync(string region, CancellationToken ct) =>
        PagedAsync(region, "ec2:DescribeKeyPairs", async (client, _) =>
        {
            var response = await client.DescribeKeyPairsAsync(new DescribeKeyPairsRequest(), ct)
                .ConfigureAwait(false);
            return ((response.KeyPairs ?? []).Select(k => new Ec2Resource(k.KeyName, Utc(k.CreateTime),
                Describe(k.KeyPairId, k.KeyType?.Value))), (string?)null);
        });

    /// <summary>EBS snapshots the account owns (OwnerIds=self).</summary>
    public Task<List<Ec2Resource>> DescribeOwnSnapshotsAsync(string region, CancellationToken ct) =>
        PagedAsync(region, "ec2:DescribeSnapshots", async (client, token) =>
        {
            var response = await client.DescribeSnapshotsAsync(new DescribeSnapshotsRequest
            {
                OwnerIds = ["self"], MaxResults = 1000, NextToken = token,
            }, ct).ConfigureAwait(false);
            return ((response.Snapshots ?? []).Select(s => new Ec2Resource(s.SnapshotId, Utc(s.StartTime),
                Describe(s.VolumeId, s.VolumeSize is { } size ? $"{size} GiB" : null))), response.NextToken);
        });

    private async Task<List<Ec2Resource>> PagedAsync(string region, string action,
        Func<AmazonEC2Client, string?, Task<(IEnumerable<Ec2Resource> Items, string? Next)>> page)
    {
        using var client = Create(region);
        return await AwsPaging.CollectAsync<Ec2Resource>(token =>
            AwsSession.CallSdkAsync(action, region, () => page(client, token))).ConfigureAwait(false);
    }

    private static DateTimeOffset? Utc(DateTime? time) =>
        time is { } t ? new DateTimeOffset(t.ToUniversalTime()) : null;

    private static DateTimeOffset? ParseIso(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : null;

    private static string Describe(params string?[] parts) =>
        string.Join(", ", parts.Where(p => !string.IsNullOrEmpty(p)));

    private AmazonEC2Client Create(string region) =>
        new(session.SdkCredentials, session.ConfigureSdk(new AmazonEC2Config(), AwsService.Ec2, region));
}

/// <summary>An EC2 or EBS resource as the sweep lists it: its id, when it was made, and a short description
/// (type, state, the instance it belongs to).</summary>
public sealed record Ec2Resource(string Id, DateTimeOffset? Created, string Detail);

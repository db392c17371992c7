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

    private AmazonEC2Client Create(string region) =>
        new(session.SdkCredentials, session.ConfigureSdk(new AmazonEC2Config(), AwsService.Ec2, region));
}

using AwsHarden.Aws;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using AwsHarden.Incident;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Incident;

/// <summary>The sweep's live reader against the fake endpoint: what it finds, where, what it cannot read, and
/// how many calls it makes.</summary>
public class SweepReaderTests
{
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.Parse("2024-08-02T00:00:00Z"));
    private static readonly DateTimeOffset ChainDay = DateTimeOffset.Parse("2024-08-01T00:00:00Z");

    internal static AwsSession SessionFor(FakeAwsServer server)
    {
        var caller = server.Account.Caller;
        return AwsSession.Create(new AwsCredentials(caller.AccessKeyId, caller.SecretAccessKey), "us-east-1",
            new AwsSessionSettings
            {
                Environment = name => name == AwsEndpoints.GlobalVariable ? server.Endpoint.ToString() : null,
                Retry = new AwsRetryOptions(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)),
            });
    }

    /// <summary>The healthy account (old resources only) with the example chain's compute and IAM added, and
    /// one resource of every other kind made during the incident.</summary>
    internal static FakeAccount ChainAccount()
    {
        var account = FakeAccounts.AddExampleChainCompute(FakeAccounts.Healthy(ChainDay.AddDays(-1)));
        var old = ChainDay.AddDays(-200);
        account.Instances.Add(new FakeInstance { Region = "us-east-1", InstanceId = "i-0123456789abcdef0",
            LaunchTime = old });
        account.Volumes.Add(new FakeVolume { Region = "eu-west-1", VolumeId = "vol-0old", CreateTime = old });
        var backdoor = account.AddUser("backup-svc", ChainDay.AddMinutes(543));
        backdoor.AccessKeys.Add(new FakeAccessKey { AccessKeyId = "AKIAI44QH8DHBEXAMPLE",
            CreateDate = ChainDay.AddMinutes(544) });
        account.Iam.Roles.Add(new FakeRole
        {
            Name = "ops-automation", Path = "/", RoleId = FakeIds.Iam("AROA", "ops-automation"),
            CreateDate = ChainDay.AddMinutes(550), AssumeRolePolicyDocument = FakeAccounts.Ec2TrustPolicy,
        });
        account.SpotRequests.Add(new FakeSpotRequest { Region = "eu-west-1", SpotInstanceRequestId = "sir-0chain",
            CreateTime = ChainDay.AddMinutes(557) });
        account.Images.Add(new FakeImage { Region = "us-east-1", ImageId = "ami-0chain", Name = "miner",
            CreationDate = ChainDay.AddMinutes(560) });
        account.Snapshots.Add(new FakeSnapshot { Region = "us-east-1", SnapshotId = "snap-0chain",
            StartTime = ChainDay.AddMinutes(560) });
        account.LambdaFunctions.Add(new FakeLambdaFunction { Region = "eu-west-1", FunctionName = "miner-kick",
            LastModified = ChainDay.AddMinutes(565) });
        account.LambdaFunctions.Add(new FakeLambdaFunction { Region = "us-east-1", FunctionName = "old-cron",
            LastModified = old });
        return account;
    }

    private static async Task<SweepInventory> SweepAsync(FakeAwsServer server, SweepScope? scope = null)
    {
        using var session = SessionFor(server);
        return await new AwsSweepReader(session, Clock).ReadAsync(scope ?? new SweepScope(), null,
            CancellationToken.None);
    }

    [Fact]
    public async Task Read_ExampleChain_FindsChainResourcesInTheirRegionsAndNotOldOnes()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());

        var inventory = await SweepAsync(server);
        var found = SweepComparer.Compare(inventory, ChainDay, null).Found
            .Select(f => (f.Resource.Region, f.Resource.Kind, f.Resource.Id)).ToHashSet();

        Assert.Empty(inventory.NotSwept);
        Assert.Equal(17, inventory.Regions.Count);
        foreach (var i in Enumerable.Range(0, 4))
        {
            Assert.Contains(("us-east-1", SweepKind.Ec2Instance, $"i-0aa11bb22cc33dd4{i}"), found);
        }

        Assert.Contains(("eu-west-1", SweepKind.Ec2Instance, "i-0ee55ff66aa77bb80"), found);
        Assert.Contains(("eu-west-1", SweepKind.SpotRequest, "sir-0chain"), found);
        Assert.Contains(("us-east-1", SweepKind.Image, "ami-0chain"), found);
        Assert.Contains(("us-east-1", SweepKind.Snapshot, "snap-0chain"), found);
        Assert.Contains(("eu-west-1", SweepKind.LambdaFunction, "miner-kick"), found);
        Assert.Contains((null, SweepKind.IamUser, "backup-svc"), found);
        Assert.Contains((null, SweepKind.AccessKey, "AKIAI44QH8DHBEXAMPLE"), found);
        Assert.Contains((null, SweepKind.IamRole, "ops-automation"), found);
        Assert.Equal(6, found.Count(f => f.Kind == SweepKind.Volume));
        Assert.Contains(("us-east-1", SweepKind.KeyPair, "maint"), found);
        Assert.Equal(20, found.Count);
        Assert.DoesNotContain(found, f => f.Id is "i-0123456789abcdef0" or "vol-0old" or "old-cron");
        Assert.Contains(inventory.Resources, r => r.Id == "i-0123456789abcdef0");
    }

    [Fact]
    public async Task Read_SeventeenRegions_MakesTwoPlusSevenPerRegionPlusIamCalls()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());
        int users;
        lock (server.Account.Sync)
            users = server.Account.Iam.Users.Count;

        var inventory = await SweepAsync(server);

        // GetCallerIdentity, DescribeRegions, 7 reads per region, one authorization-details page, one
        // ListAccessKeys per user.
        var expected = 2 + 7 * 17 + 1 + users;
        Assert.Equal(expected, server.Calls.Count);
        Assert.Equal(expected, inventory.ApiCalls);
        Assert.Equal(17, server.Calls.For("lambda:ListFunctions").Count);
        Assert.Equal(17, server.Calls.For("ec2:DescribeKeyPairs").Count);
        Assert.Equal(users, server.Calls.For("iam:ListAccessKeys").Count);
    }

    [Fact]
    public async Task Read_DeniedServiceAndFailingRegion_ReportedAsNotSweptNotEmpty()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());
        server.Faults.Deny("lambda:ListFunctions").FailRegion("eu-west-1");

        var inventory = await SweepAsync(server, new SweepScope(["us-east-1", "eu-west-1"]));
        var report = SweepComparer.Compare(inventory, ChainDay, null);

        Assert.True(report.IsIncomplete);
        Assert.Contains(inventory.NotSwept, g => g is { Kind: SweepKind.LambdaFunction, Region: "us-east-1" }
            && g.Error.Code == "AccessDeniedException");
        Assert.Equal(SweepKinds.Regional.Order(), inventory.NotSwept.Where(g => g.Region == "eu-west-1")
            .Select(g => g.Kind).Order());
        Assert.DoesNotContain(inventory.Resources, r => r.Region == "eu-west-1");
        Assert.Contains(report.Found, f => f.Resource.Id == "i-0aa11bb22cc33dd40");
    }

    [Fact]
    public async Task Read_AuthorizationDetailsDenied_EveryIamKindNotSwept()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());
        server.Faults.Deny("iam:GetAccountAuthorizationDetails");

        var inventory = await SweepAsync(server, new SweepScope(["us-east-1"]));

        Assert.Equal(SweepKinds.Global.Order(), inventory.NotSwept.Select(g => g.Kind).Order());
        Assert.Empty(server.Calls.For("iam:ListAccessKeys"));
    }

    [Fact]
    public async Task Read_RegionNotEnabled_IsUserError()
    {
        await using var server = await FakeAwsServer.StartAsync(ChainAccount());

        await Assert.ThrowsAsync<AwsHarden.Model.UserErrorException>(() =>
            SweepAsync(server, new SweepScope(["af-south-1"])));
    }
}

using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using AwsHarden.Tests.Incident;
using static AwsHarden.Tests.FakeAws.FakeAwsServerTests;

namespace AwsHarden.Tests.FakeAws.Services;

/// <summary>The fake's EC2 compute writes, through the official SDK client as incident revert sends them, and
/// its Lambda service.</summary>
public class Ec2ComputeTests
{
    private static async Task<FakeAwsServer> ChainAsync() =>
        await FakeAwsServer.StartAsync(FakeAccounts.AddExampleChainCompute(new FakeAccount()));

    /// <summary>The chain plus a data volume (kept at termination) on i-0aa11bb22cc33dd40 and i-0ee55ff66aa77bb80.
    /// </summary>
    private static async Task<FakeAwsServer> ChainWithDataVolumesAsync()
    {
        var account = FakeAccounts.AddExampleChainCompute(new FakeAccount());
        foreach (var (region, instance, id) in new[]
                 {
                     ("us-east-1", "i-0aa11bb22cc33dd40", "vol-0da7a000000000001"),
                     ("eu-west-1", "i-0ee55ff66aa77bb80", "vol-0da7a000000000002"),
                 })
        {
            account.Volumes.Add(new FakeVolume
            {
                Region = region, VolumeId = id, CreateTime = DateTimeOffset.Parse("2024-08-01T09:20:00Z"),
                AttachedInstanceId = instance,
            });
        }

        return await FakeAwsServer.StartAsync(account);
    }

    private static async Task<string> CodeOf(Func<Task> call) =>
        (await Assert.ThrowsAsync<AmazonEC2Exception>(call)).ErrorCode;

    [Fact]
    public async Task TerminateInstances_ThenDescribe_ShowsTerminatedRootVolumeGoneDataVolumeFree()
    {
        await using var server = await ChainWithDataVolumesAsync();
        using var ec2 = Ec2Client(server, "us-east-1");

        var terminated = await ec2.TerminateInstancesAsync(new TerminateInstancesRequest
        {
            InstanceIds = ["i-0aa11bb22cc33dd40"],
        });
        var described = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
        {
            InstanceIds = ["i-0aa11bb22cc33dd40"],
        });

        var change = Assert.Single(terminated.TerminatingInstances);
        Assert.Equal(("running", "terminated"), (change.PreviousState.Name.Value, change.CurrentState.Name.Value));
        Assert.Equal("terminated", described.Reservations.Single().Instances.Single().State.Name.Value);
        var available = await ec2.DescribeVolumesAsync(new DescribeVolumesRequest
        {
            Filters = [new Filter("status", ["available"])],
        });
        Assert.Equal("vol-0da7a000000000001", Assert.Single(available.Volumes).VolumeId);
        // The root volume made at launch went with the instance; the other three instances keep theirs.
        var all = await ec2.DescribeVolumesAsync(new DescribeVolumesRequest());
        Assert.Equal(4, all.Volumes.Count);
    }

    [Fact]
    public async Task TerminateInstances_UnknownOrOtherRegion_InvalidInstanceIdNotFound()
    {
        await using var server = await ChainAsync();
        using var eu = Ec2Client(server, "eu-west-1");

        var code = await CodeOf(() => eu.TerminateInstancesAsync(new TerminateInstancesRequest
        {
            InstanceIds = ["i-0aa11bb22cc33dd40"],
        }));

        Assert.Equal("InvalidInstanceID.NotFound", code);
    }

    [Fact]
    public async Task DeleteVolume_AttachedThenAfterTerminateTwice_VolumeInUseThenNotFound()
    {
        await using var server = await ChainWithDataVolumesAsync();
        using var ec2 = Ec2Client(server, "eu-west-1");
        var volume = (await ec2.DescribeVolumesAsync(new DescribeVolumesRequest
        {
            Filters = [new Filter("attachment.instance-id", ["i-0ee55ff66aa77bb80"])],
        })).Volumes.Single(v => v.VolumeId == "vol-0da7a000000000002").VolumeId;

        var inUse = await CodeOf(() => ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume }));
        await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = ["i-0ee55ff66aa77bb80"] });
        await ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume });
        var again = await CodeOf(() => ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume }));

        Assert.Equal(("VolumeInUse", "InvalidVolume.NotFound"), (inUse, again));
    }

    [Fact]
    public async Task ImageAndSnapshot_UnshareDeregisterDelete_InOrderThenNotFound()
    {
        var account = FakeAccounts.AddExampleChainCompute(new FakeAccount());
        var image = new FakeImage { Region = "us-east-1", ImageId = "ami-0chain", Name = "miner",
            CreationDate = DateTimeOffset.Parse("2024-08-01T09:30:00Z") };
        image.SnapshotIds.Add("snap-0chain");
        image.LaunchPermissions.AddRange(["999988887777", "all"]);
        var snapshot = new FakeSnapshot { Region = "us-east-1", SnapshotId = "snap-0chain",
            StartTime = DateTimeOffset.Parse("2024-08-01T09:29:00Z") };
        snapshot.CreateVolumePermissions.Add("999988887777");
        account.Images.Add(image);
        account.Snapshots.Add(snapshot);
        await using var server = await FakeAwsServer.StartAsync(account);
        using var ec2 = Ec2Client(server, "us-east-1");

        await ec2.ModifyImageAttributeAsync(new ModifyImageAttributeRequest
        {
            ImageId = "ami-0chain",
            LaunchPermission = new LaunchPermissionModifications
            {
                Remove = [new LaunchPermission { UserId = "999988887777" }, new LaunchPermission { Group = "all" }],
            },
        });
        await ec2.ModifySnapshotAttributeAsync(new ModifySnapshotAttributeRequest
        {
            SnapshotId = "snap-0chain", Attribute = "createVolumePermission", OperationType = "remove",
            UserIds = ["999988887777"],
        });
        var attribute = await ec2.DescribeImageAttributeAsync(new DescribeImageAttributeRequest
        {
            ImageId = "ami-0chain", Attribute = "launchPermission",
        });
        var snapshotInUse = await CodeOf(() => ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest
        {
            SnapshotId = "snap-0chain",
        }));
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = "ami-0chain" });
        await ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = "snap-0chain" });
        var imageGone = await CodeOf(() => ec2.DeregisterImageAsync(new DeregisterImageRequest
        {
            ImageId = "ami-0chain",
        }));
        var snapshotGone = await CodeOf(() => ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest
        {
            SnapshotId = "snap-0chain",
        }));

        Assert.Empty(attribute.ImageAttribute.LaunchPermissions ?? []);
        lock (account.Sync)
            Assert.Empty(snapshot.CreateVolumePermissions);
        Assert.Equal(("InvalidSnapshot.InUse", "InvalidAMIID.NotFound", "InvalidSnapshot.NotFound"),
            (snapshotInUse, imageGone, snapshotGone));
    }

    [Fact]
    public async Task SpotRequestsAndFleets_Cancel_StateChangesAndUnknownIdsReported()
    {
        var account = new FakeAccount();
        account.SpotRequests.Add(new FakeSpotRequest { Region = "us-east-1", SpotInstanceRequestId = "sir-1",
            CreateTime = DateTimeOffset.Parse("2024-08-01T09:20:00Z") });
        account.SpotFleets.Add(new FakeSpotFleet { Region = "us-east-1", SpotFleetRequestId = "sfr-1",
            CreateTime = DateTimeOffset.Parse("2024-08-01T09:20:00Z") });
        await using var server = await FakeAwsServer.StartAsync(account);
        using var ec2 = Ec2Client(server, "us-east-1");

        await ec2.CancelSpotInstanceRequestsAsync(new CancelSpotInstanceRequestsRequest
        {
            SpotInstanceRequestIds = ["sir-1"],
        });
        var fleets = await ec2.CancelSpotFleetRequestsAsync(new CancelSpotFleetRequestsRequest
        {
            SpotFleetRequestIds = ["sfr-1", "sfr-missing"], TerminateInstances = true,
        });
        var described = await ec2.DescribeSpotInstanceRequestsAsync(new DescribeSpotInstanceRequestsRequest());
        var unknown = await CodeOf(() => ec2.CancelSpotInstanceRequestsAsync(new CancelSpotInstanceRequestsRequest
        {
            SpotInstanceRequestIds = ["sir-missing"],
        }));

        Assert.Equal("cancelled", described.SpotInstanceRequests.Single().State.Value);
        Assert.Equal("cancelled_terminating",
            fleets.SuccessfulFleetRequests.Single().CurrentSpotFleetRequestState.Value);
        Assert.Equal("sfr-missing", fleets.UnsuccessfulFleetRequests.Single().SpotFleetRequestId);
        Assert.Equal("InvalidSpotInstanceRequestID.NotFound", unknown);
    }

    [Fact]
    public async Task RevokeIngressByRuleIdAndDeleteKeyPair_RemovedThenNotFound()
    {
        await using var server = await ChainAsync();
        using var ec2 = Ec2Client(server, "us-east-1");

        await ec2.RevokeSecurityGroupIngressAsync(new RevokeSecurityGroupIngressRequest
        {
            GroupId = "sg-0123456789abcdef0", SecurityGroupRuleIds = ["sgr-0fedcba9876543210"],
        });
        var again = await CodeOf(() => ec2.RevokeSecurityGroupIngressAsync(new RevokeSecurityGroupIngressRequest
        {
            GroupId = "sg-0123456789abcdef0", SecurityGroupRuleIds = ["sgr-0fedcba9876543210"],
        }));
        await ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyPairId = "key-0a1b2c3d4e5f67890" });
        var keyAgain = await CodeOf(() => ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest
        {
            KeyPairId = "key-0a1b2c3d4e5f67890",
        }));
        await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = "sg-0123456789abcdef0" });
        var groupAgain = await CodeOf(() => ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest
        {
            GroupId = "sg-0123456789abcdef0",
        }));

        Assert.Equal(("InvalidSecurityGroupRuleId.NotFound", "InvalidKeyPair.NotFound", "InvalidGroup.NotFound"),
            (again, keyAgain, groupAgain));
        lock (server.Account.Sync)
            Assert.Empty(server.Account.KeyPairs);
    }

    [Fact]
    public async Task RunInstances_Minimal_LaunchesDescribableInstances()
    {
        await using var server = await FakeAwsServer.StartAsync(new FakeAccount());
        using var ec2 = Ec2Client(server, "eu-west-1");

        var run = await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = "ami-0abcdef1234567890", InstanceType = InstanceType.P316xlarge, MinCount = 2, MaxCount = 2,
        });
        var described = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest());

        Assert.Equal(2, run.Reservation.Instances.Count);
        Assert.Equal(run.Reservation.Instances.Select(i => i.InstanceId).Order(),
            described.Reservations.SelectMany(r => r.Instances).Select(i => i.InstanceId).Order());
    }

    [Fact]
    public async Task Lambda_ListPagesGetDeleteAndRemovePermission_LikeLambda()
    {
        var account = new FakeAccount();
        foreach (var n in Enumerable.Range(0, 3))
        {
            account.LambdaFunctions.Add(new FakeLambdaFunction { Region = "us-east-1", FunctionName = $"f{n}",
                LastModified = DateTimeOffset.Parse("2024-08-01T10:00:00Z") });
        }

        account.LambdaFunctions[0].Permissions["public"] =
            """{"Sid":"public","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}""";
        await using var server = await FakeAwsServer.StartAsync(account);
        using var session = SweepReaderTests.SessionFor(server);
        using var client = new SignedClient(server);

        var listed = await new AwsHarden.Aws.Clients.LambdaClient(session).ListFunctionsAsync("us-east-1",
            CancellationToken.None);
        using var firstPage = await client.RestAsync("lambda", "us-east-1", HttpMethod.Get,
            "/2015-03-31/functions/?MaxItems=2");
        using var removed = await client.RestAsync("lambda", "us-east-1", HttpMethod.Delete,
            "/2015-03-31/functions/f0/policy/public");
        using var removedAgain = await client.RestAsync("lambda", "us-east-1", HttpMethod.Delete,
            "/2015-03-31/functions/f0/policy/public");
        using var deleted = await client.RestAsync("lambda", "us-east-1", HttpMethod.Delete,
            "/2015-03-31/functions/f1");
        using var gone = await client.RestAsync("lambda", "us-east-1", HttpMethod.Get, "/2015-03-31/functions/f1");

        Assert.Equal(["f0", "f1", "f2"], listed.Select(f => f.FunctionName));
        Assert.Equal(DateTimeOffset.Parse("2024-08-01T10:00:00Z"), listed[0].LastModified);
        Assert.Contains("NextMarker", await firstPage.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound),
            (removed.StatusCode, removedAgain.StatusCode));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (deleted.StatusCode, gone.StatusCode));
        Assert.Equal("ResourceNotFoundException", gone.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task Lambda_WrongSecret_InvalidSignatureLikeOtherRestJsonServices()
    {
        await using var server = await FakeAwsServer.StartAsync(new FakeAccount());
        using var client = new SignedClient(server) { SecretOverride = "not-the-secret" };

        using var response = await client.RestAsync("lambda", "us-east-1", HttpMethod.Get, "/2015-03-31/functions/");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("InvalidSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.DoesNotContain(server.Calls.For("lambda:ListFunctions"), c => c.StatusCode == 200);
    }
}

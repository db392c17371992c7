using AwsHarden.Audit.Checks;
using AwsHarden.Model;

namespace AwsHarden.Tests.Audit.Checks;

public class ServiceChecksTests
{
    private const string Monitor = "arn:aws:ce::123456789012:anomalymonitor/m1";

    private static AccountSnapshot Cost(params AnomalySubscription[] subscriptions) => Snap.Empty() with
    {
        CostAnomaly = Collected<CostAnomalyData>.Of(
            new CostAnomalyData([new AnomalyMonitor(Monitor, "services", "DIMENSIONAL")], subscriptions)),
    };

    [Fact]
    public void CeAnomalyDetection_SubscriptionWithSubscriber_Passes() =>
        Assert.Equal(Status.Pass, Snap.Single<CeAnomalyDetection>(
            Cost(new AnomalySubscription("arn:s1", "daily", [Monitor], 1))).Status);

    [Fact]
    public void CeAnomalyDetection_SubscriptionWithoutSubscribers_Fails() =>
        Assert.Equal(Status.Fail, Snap.Single<CeAnomalyDetection>(
            Cost(new AnomalySubscription("arn:s1", "daily", [Monitor], 0))).Status);

    [Fact]
    public void CeAnomalyDetection_NoMonitor_Fails() =>
        Assert.Equal(Status.Fail, Snap.Single<CeAnomalyDetection>(Snap.Empty()).Status);

    [Fact]
    public void CeAnomalyDetection_Denied_UnknownWithReason()
    {
        var snapshot = Snap.Empty() with
        {
            CostAnomaly = Collected<CostAnomalyData>.Failed(Snap.Denied("ce:GetAnomalyMonitors")),
        };

        Assert.Equal("AccessDenied on ce:GetAnomalyMonitors", Snap.Single<CeAnomalyDetection>(snapshot).Message);
    }

    [Fact]
    public void AlternateContacts_SecurityMissing_OneFailTwoPass()
    {
        var snapshot = Snap.Empty() with
        {
            AlternateContacts = Collected<IReadOnlyList<AlternateContact>>.Of(
                [new("BILLING", true), new("OPERATIONS", true), new("SECURITY", false)]),
        };

        var findings = Snap.Run<AccountAlternateContacts>(snapshot);

        Assert.Equal(3, findings.Count);
        Assert.Equal(Status.Fail, findings.Single(f => f.Resource == "SECURITY").Status);
        Assert.Equal(2, findings.Count(f => f.Status == Status.Pass));
    }

    [Fact]
    public void AlternateContacts_TypeNotCollected_UnknownNotFail() =>
        Assert.All(Snap.Run<AccountAlternateContacts>(Snap.Empty()), f => Assert.Equal(Status.Unknown, f.Status));

    [Fact]
    public void BillingAlarm_EnabledActionOnEstimatedCharges_Passes()
    {
        var alarm = new MetricAlarm
        {
            Name = "bill", Namespace = "AWS/Billing", MetricName = "EstimatedCharges", ActionsEnabled = true,
            AlarmActions = ["arn:aws:sns:us-east-1:123456789012:alerts"],
        };

        Assert.Equal(Status.Pass, Snap.Single<CloudWatchBillingAlarm>(WithAlarms(alarm)).Status);
        Assert.Equal(Status.Fail, Snap.Single<CloudWatchBillingAlarm>(
            WithAlarms(alarm with { ActionsEnabled = false })).Status);
    }

    [Fact]
    public void BillingAlarm_NoAlarm_Fails() =>
        Assert.Equal(Status.Fail, Snap.Single<CloudWatchBillingAlarm>(Snap.Empty()).Status);

    [Fact]
    public void BillingAlarm_Denied_Unknown()
    {
        var snapshot = Snap.Empty() with
        {
            BillingAlarms = Collected<IReadOnlyList<MetricAlarm>>.Failed(Snap.Denied("cloudwatch:DescribeAlarms")),
        };

        Assert.Equal(Status.Unknown, Snap.Single<CloudWatchBillingAlarm>(snapshot).Status);
    }

    [Fact]
    public void GuardDuty_PerRegion_PassFailAndUnknown()
    {
        var snapshot = Snap.Empty("us-east-1", "eu-west-1", "ap-south-1");
        snapshot = snapshot with
        {
            GuardDuty = new Dictionary<string, Collected<IReadOnlyList<GuardDutyDetector>>>
            {
                ["us-east-1"] = Collected<IReadOnlyList<GuardDutyDetector>>.Of([new("d1", "ENABLED")]),
                ["eu-west-1"] = Collected<IReadOnlyList<GuardDutyDetector>>.Of([new("d2", "DISABLED")]),
                ["ap-south-1"] = Collected<IReadOnlyList<GuardDutyDetector>>.Failed(
                    Snap.Denied("guardduty:ListDetectors", "ap-south-1")),
            },
        };

        var findings = Snap.Run<GuardDutyEnabled>(snapshot);

        Assert.Equal(Status.Pass, findings.Single(f => f.Region == "us-east-1").Status);
        Assert.Equal(Status.Fail, findings.Single(f => f.Region == "eu-west-1").Status);
        Assert.Equal(Status.Unknown, findings.Single(f => f.Region == "ap-south-1").Status);
    }

    [Fact]
    public void GuardDuty_RegionMissingFromSnapshot_Unknown()
    {
        var snapshot = Snap.Empty("us-east-1") with
        {
            GuardDuty = new Dictionary<string, Collected<IReadOnlyList<GuardDutyDetector>>>(),
        };

        Assert.Equal(Status.Unknown, Snap.Single<GuardDutyEnabled>(snapshot).Status);
    }

    [Fact]
    public void AccessAnalyzer_ActiveAccountAnalyzer_PassesElseFails()
    {
        var snapshot = Snap.Empty("us-east-1", "eu-west-1") with
        {
            AccessAnalyzers = new Dictionary<string, Collected<IReadOnlyList<AccessAnalyzer>>>
            {
                ["us-east-1"] = Collected<IReadOnlyList<AccessAnalyzer>>.Of([new("a", "arn:a", "ACCOUNT", "ACTIVE")]),
                ["eu-west-1"] = Collected<IReadOnlyList<AccessAnalyzer>>.Of(
                    [new("u", "arn:u", "ACCOUNT_UNUSED_ACCESS", "ACTIVE")]),
            },
        };

        var findings = Snap.Run<AccessAnalyzerEnabled>(snapshot);

        Assert.Equal(Status.Pass, findings.Single(f => f.Region == "us-east-1").Status);
        Assert.Equal(Status.Fail, findings.Single(f => f.Region == "eu-west-1").Status);
    }

    [Fact]
    public void AccessAnalyzer_Denied_Unknown()
    {
        var snapshot = Snap.Empty("us-east-1") with
        {
            AccessAnalyzers = new Dictionary<string, Collected<IReadOnlyList<AccessAnalyzer>>>
            {
                ["us-east-1"] = Collected<IReadOnlyList<AccessAnalyzer>>.Failed(
                    Snap.Denied("access-analyzer:ListAnalyzers", "us-east-1")),
            },
        };

        Assert.Equal(Status.Unknown, Snap.Single<AccessAnalyzerEnabled>(snapshot).Status);
    }

    [Fact]
    public void Ec2InstanceProfile_InstanceWithoutProfile_Fails()
    {
        var snapshot = Snap.Empty("us-east-1") with
        {
            Instances = Snap.PerRegion<IReadOnlyList<Ec2Instance>>(["us-east-1"],
            [
                new Ec2Instance { InstanceId = "i-1", IamInstanceProfileArn = "arn:aws:iam::1:instance-profile/p" },
                new Ec2Instance { InstanceId = "i-2" },
            ]),
        };

        var findings = Snap.Run<Ec2InstanceProfile>(snapshot);

        Assert.Equal(Status.Pass, findings.Single(f => f.Resource == "i-1").Status);
        Assert.Equal(Status.Fail, findings.Single(f => f.Resource == "i-2").Status);
    }

    [Fact]
    public void Ec2InstanceProfile_NoInstances_NotApplicable() =>
        Assert.Equal(Status.NotApplicable, Snap.Single<Ec2InstanceProfile>(Snap.Empty()).Status);

    [Fact]
    public void Ec2InstanceProfile_RegionDenied_Unknown()
    {
        var snapshot = Snap.Empty("us-east-1") with
        {
            Instances = new Dictionary<string, Collected<IReadOnlyList<Ec2Instance>>>
            {
                ["us-east-1"] = Collected<IReadOnlyList<Ec2Instance>>.Failed(
                    Snap.Denied("ec2:DescribeInstances", "us-east-1")),
            },
        };

        Assert.Equal(Status.Unknown, Snap.Single<Ec2InstanceProfile>(snapshot).Status);
    }

    [Fact]
    public void TrustedAdvisor_NotAvailable_Manual() =>
        Assert.Equal(Status.Manual, Snap.Single<TrustedAdvisorFlaggedChecks>(Snap.Empty()).Status);

    [Fact]
    public void TrustedAdvisor_WarningCheck_FailsOthersIgnored()
    {
        var snapshot = Snap.Empty() with
        {
            TrustedAdvisor = Collected<TrustedAdvisorData>.Of(new TrustedAdvisorData
            {
                Available = true,
                Checks = [new("a", "Open ports", "security", "warning", 2), new("b", "MFA", "security", "ok", 0)],
            }),
        };

        var finding = Snap.Single<TrustedAdvisorFlaggedChecks>(snapshot);

        Assert.Equal(Status.Fail, finding.Status);
        Assert.Equal("a", finding.Resource);
    }

    [Fact]
    public void TrustedAdvisor_AllOk_Passes()
    {
        var snapshot = Snap.Empty() with
        {
            TrustedAdvisor = Collected<TrustedAdvisorData>.Of(new TrustedAdvisorData
            {
                Available = true, Checks = [new("b", "MFA", "security", "ok", 0)],
            }),
        };

        Assert.Equal(Status.Pass, Snap.Single<TrustedAdvisorFlaggedChecks>(snapshot).Status);
    }

    [Fact]
    public void TrustedAdvisor_Denied_Unknown()
    {
        var snapshot = Snap.Empty() with
        {
            TrustedAdvisor = Collected<TrustedAdvisorData>.Failed(
                Snap.Denied("support:DescribeTrustedAdvisorChecks")),
        };

        Assert.Equal(Status.Unknown, Snap.Single<TrustedAdvisorFlaggedChecks>(snapshot).Status);
    }

    private static AccountSnapshot WithAlarms(params MetricAlarm[] alarms) =>
        Snap.Empty() with { BillingAlarms = Collected<IReadOnlyList<MetricAlarm>>.Of(alarms) };
}

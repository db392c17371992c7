using System.Xml.Linq;
using AwsHarden.FakeAws.Protocol;

namespace AwsHarden.FakeAws.Services;

/// <summary>STS (Query protocol): who the caller is.</summary>
internal sealed class StsService : FakeService
{
    public StsService() => On("GetCallerIdentity", r => XmlResult.Of(
        new XElement("Arn", r.Caller.Arn),
        new XElement("UserId", r.Caller.UserId),
        new XElement("Account", r.Account.AccountId)));

    public override string SigningName => "sts";
}

using System.Net;

namespace AwsHarden.FakeAws.Protocol;

/// <summary>
/// An AWS error a handler or fault raises; the protocol layer renders it in the service's own error format
/// (Query XML, EC2 XML, JSON <c>__type</c> or REST-JSON <c>x-amzn-ErrorType</c>).
/// </summary>
public sealed class AwsErrorException(string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest)
    : Exception(message)
{
    public string Code { get; } = code;
    public HttpStatusCode Status { get; } = status;
    /// <summary>Query protocol only: Sender for client mistakes, Receiver for server faults.</summary>
    public string FaultType => (int)Status >= 500 ? "Receiver" : "Sender";
}

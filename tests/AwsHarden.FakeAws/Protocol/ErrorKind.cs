using System.Net;

namespace AwsHarden.FakeAws.Protocol;

/// <summary>Error families whose code and HTTP status differ by service; each service has its own spelling.</summary>
public enum ErrorKind
{
    AccessDenied,
    Throttling,
    InternalFailure,
    InvalidClientToken,
    SignatureMismatch,
    UnknownOperation,
    MissingAuthentication,
}

/// <summary>Maps an <see cref="ErrorKind"/> to the code, status and message a given service really answers.</summary>
public static class ServiceErrors
{
    public static AwsErrorException Create(string service, ErrorKind kind, string message) => kind switch
    {
        ErrorKind.AccessDenied => AccessDenied(service, message),
        ErrorKind.Throttling => Throttling(service),
        ErrorKind.InternalFailure => new("InternalFailure",
            "The request processing has failed because of an unknown error, exception or failure.",
            HttpStatusCode.InternalServerError),
        ErrorKind.InvalidClientToken => InvalidToken(service),
        ErrorKind.SignatureMismatch => SignatureMismatch(service, message),
        ErrorKind.UnknownOperation => UnknownOperation(service, message),
        ErrorKind.MissingAuthentication => new("MissingAuthenticationToken", message, HttpStatusCode.Forbidden),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static AwsErrorException AccessDenied(string service, string message) => service switch
    {
        "s3" => new("AccessDenied", "Access Denied", HttpStatusCode.Forbidden),
        "iam" or "sts" or "monitoring" => new("AccessDenied", message, HttpStatusCode.Forbidden),
        "ec2" => new("UnauthorizedOperation", "You are not authorized to perform this operation. " + message,
            HttpStatusCode.Forbidden),
        _ when ServiceCatalog.IsRestJson(service) => new("AccessDeniedException", message, HttpStatusCode.Forbidden),
        _ => new("AccessDeniedException", message),
    };

    private static AwsErrorException Throttling(string service) => service switch
    {
        "s3" => new("SlowDown", "Please reduce your request rate.", HttpStatusCode.ServiceUnavailable),
        "iam" or "sts" or "monitoring" => new("Throttling", "Rate exceeded"),
        "ec2" => new("RequestLimitExceeded", "Request limit exceeded.", HttpStatusCode.ServiceUnavailable),
        "organizations" => new("TooManyRequestsException", "AWS Organizations can't complete your request " +
            "because another request is already in progress or the request rate is too high. Try again later."),
        "account" or "guardduty" or "lambda" => new("TooManyRequestsException", "Rate exceeded",
            HttpStatusCode.TooManyRequests),
        "access-analyzer" => new("ThrottlingException", "Rate exceeded", HttpStatusCode.TooManyRequests),
        _ => new("ThrottlingException", "Rate exceeded"),
    };

    private static AwsErrorException InvalidToken(string service) => service switch
    {
        "s3" => new("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.",
            HttpStatusCode.Forbidden),
        "iam" or "sts" or "monitoring" => new("InvalidClientTokenId",
            "The security token included in the request is invalid.", HttpStatusCode.Forbidden),
        "ec2" => new("AuthFailure", "AWS was not able to validate the provided access credentials",
            HttpStatusCode.Unauthorized),
        _ when ServiceCatalog.IsRestJson(service) => new("UnrecognizedClientException",
            "The security token included in the request is invalid.", HttpStatusCode.Forbidden),
        _ => new("UnrecognizedClientException", "The security token included in the request is invalid."),
    };

    private static AwsErrorException SignatureMismatch(string service, string message) => service switch
    {
        "s3" => new("SignatureDoesNotMatch", message, HttpStatusCode.Forbidden),
        "iam" or "sts" or "monitoring" => new("SignatureDoesNotMatch", message, HttpStatusCode.Forbidden),
        "ec2" => new("AuthFailure", message, HttpStatusCode.Unauthorized),
        _ when ServiceCatalog.IsRestJson(service) => new("InvalidSignatureException", message,
            HttpStatusCode.Forbidden),
        _ => new("InvalidSignatureException", message),
    };

    private static AwsErrorException UnknownOperation(string service, string operation) => service switch
    {
        "s3" => new("NotImplemented", "A header or query you provided implies functionality that is not " +
            "implemented.", HttpStatusCode.NotImplemented),
        "iam" or "sts" or "monitoring" => new("InvalidAction",
            $"Could not find operation {operation} for version {ServiceCatalog.ApiVersion(service)}"),
        "ec2" => new("InvalidAction", $"The action {operation} is not valid for this web service."),
        _ when ServiceCatalog.IsRestJson(service) => new("UnknownOperationException", operation,
            HttpStatusCode.NotFound),
        _ => new("UnknownOperationException", string.Empty),
    };
}

using Kes.Api.Hosting;
using Kes.Application.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Kes.UnitTests.Pipeline;

/// <summary>Validators are registered by name, not found by scanning: a validator missing from the list would never run.</summary>
public sealed class KesValidatorsTests
{
    [Fact]
    public void Every_validator_in_the_application_is_registered_once_for_its_request()
    {
        var declared = typeof(KesValidator<>).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.BaseType is { IsGenericType: true } baseType && baseType.GetGenericTypeDefinition() == typeof(KesValidator<>))
            .ToDictionary(type => type.BaseType!, type => type);
        var registered = new ServiceCollection().AddKesValidators()
            .Where(service => service.ServiceType.IsGenericType && service.ServiceType.GetGenericTypeDefinition() == typeof(KesValidator<>))
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared.Count, registered.Count);
        foreach (var service in registered)
        {
            Assert.Equal(declared[service.ServiceType], service.ImplementationType);
            Assert.Equal(ServiceLifetime.Singleton, service.Lifetime);
        }
    }
}

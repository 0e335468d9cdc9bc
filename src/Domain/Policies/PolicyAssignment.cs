using Kes.Domain.Identities;

namespace Kes.Domain.Policies;

/// <summary>A policy and the identities the config assigns to it.</summary>
public sealed record PolicyAssignment(Policy Policy, IReadOnlyList<Identity> Identities);

using Mediator;

namespace Kes.UnitTests.Pipeline;

/// <summary>A fake next step of the pipeline: counts its calls and answers, throws or waits as a test tells it.</summary>
internal sealed class NextCalls
{
    public int Count { get; private set; }

    public MessageHandlerDelegate<TMessage, string> Handler<TMessage>(Exception? failure = null)
        where TMessage : IMessage =>
        (_, _) =>
        {
            Count++;
            return failure is null ? ValueTask.FromResult("handled") : ValueTask.FromException<string>(failure);
        };
}

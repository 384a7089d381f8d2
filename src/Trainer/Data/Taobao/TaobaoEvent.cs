namespace ParameterServer.Trainer.Data.Taobao;

/// <summary>One row of Taobao UserBehavior.csv.</summary>
public readonly record struct TaobaoEvent(long User, long Item, long Category, TaobaoBehavior Behavior, long Timestamp);

namespace ParameterServer.Trainer.Data.Taobao;

/// <summary>UserBehavior.csv's behaviour types, in increasing strength of intent.</summary>
public enum TaobaoBehavior : byte
{
    PageView = 0,
    Cart = 1,
    Favorite = 2,
    Buy = 3,
}

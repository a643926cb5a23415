public enum Synthetic {}

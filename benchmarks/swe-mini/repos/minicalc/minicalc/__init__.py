from minicalc.evaluator import evaluate

__all__ = ["evaluate"]

"""Build ``models/lexicon.tsv``, the domain lexicon of the 政府信息公开工作年度报告 genre.

    python models/build_lexicon.py                 # (re)write models/lexicon.tsv
    python models/build_lexicon.py --candidates    # mined candidates not reviewed yet, for review

How the lexicon is made
-----------------------
1. ``CURATED`` — terms typed by hand from the national report template (``models/template.toml``:
   table labels of 表二/表三/表四 and the pre-2019 统计表), from the theme definitions
   (``models/labels/themes.md``) and from reading the shipped corpus: policy slogans, platforms,
   instruments, legal categories, table labels, organisations, document types. Each line is one
   concept: its tag, its theme id (``-`` for none), its canonical form, then its variants.
2. ``MINED`` — terms accepted after reviewing the candidates that ``--candidates`` prints. A
   candidate is a run of 2-4 jieba tokens (default dictionary, no HMM) inside one CJK run of a
   corpus sentence, 3-10 characters long, seen at least 3 times, whose left and right
   neighbours vary (branching entropy >= 0.9 on both sides: a fragment such as 政府信息公开工作年度
   is always followed by 报告, so its right entropy is 0). The survivors still hold many
   compositional phrases (的政务, 公开工作的, 推进政府, 是加强, 政务公开工作); every candidate was
   read and only real terms of the genre were copied into ``MINED`` with a tag and a theme, the
   rest are listed in ``REJECTED`` (so ``--candidates`` does not propose them again).
3. Frequencies. ``freq`` is what the segmenter is given (``jieba.add_word`` / ``rjieba.add_word``):
   the term's count in the normalised text of the shipped corpus, with a floor of ``FLOOR``
   (50000) so that the segmenter keeps a term whole against the default dictionary's split
   (政务 + 公开 …). With 14 short reports every count is below the floor, so in practice every
   term gets the floor; the count still decides the order of the file (most frequent first).

Columns of ``lexicon.tsv`` (UTF-8, TAB-separated, ``#`` lines are comments):
``term  canonical  freq  tag  theme``. Tags: slogan, platform, instrument, legal, org, doc,
metric, area. Theme ids are those of ``models/labels/themes.md`` (empty: no single theme).

Terms that contain 、 ， or + (双随机、一公开, 互联网+政务服务) are kept: the segmenter always cuts
at 、 and ，, so ``textmine.tokens`` re-joins them by a longest-match pass above the token level.

Review against the tokenizer. ``textmine.tokens`` resolves overlapping terms by "the longer wins
(between equal lengths, the earlier)", and ``tests/test_tokens.py`` checks on every corpus
sentence that each term occurrence is one token or lost to such a term. Curation follows from it:
a short compositional variant that would steal characters from a neighbour is left out (区管委会
would turn 实验区管委会 into 实验 + 区管委会; 重要政策 would turn 重要政策解读 into 重要政策 + 解读),
and a segmenter dictionary word that holds a term is listed itself (云南省人民政府, 规章制度,
国务院令, 人民政府门户网站), so that no term is left hidden inside a longer token.
"""

from __future__ import annotations

import argparse
import collections
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "models" / "lexicon.tsv"
FLOOR = 50000
TAGS = {"slogan", "platform", "instrument", "legal", "org", "doc", "metric", "area"}
THEMES = {
    "proactive_disclosure", "key_areas", "policy_interpretation", "public_response",
    "public_participation", "request_handling", "appeals_litigation", "information_management",
    "gov_websites", "new_media", "gazette", "press_release", "hotline_12345", "offline_access",
    "deregulation_business", "digital_government", "law_based_government",
    "grassroots_standardization", "organization_leadership", "supervision_evaluation",
    "training_publicity",
}

# tag  theme  canonical  variant …   (whitespace-separated; no term contains a space; a line
# starting with ... continues the variants of the line above)
CURATED = """
# --- general notions of the genre ---------------------------------------------------------
legal - 政府信息公开
legal - 政务公开
legal - 信息公开
legal - 政府信息
legal - 政务信息 政务信息公开
slogan - 公开透明
# --- 主动公开与"五公开" -----------------------------------------------------------------------
slogan proactive_disclosure 五公开
instrument proactive_disclosure 决策公开 决策预公开 重大行政决策预公开
instrument proactive_disclosure 执行公开
instrument proactive_disclosure 管理公开
instrument proactive_disclosure 服务公开
instrument proactive_disclosure 结果公开
slogan proactive_disclosure 应公开尽公开 应公开尽公开原则
slogan proactive_disclosure 应上网尽上网
slogan proactive_disclosure 公开为常态、不公开为例外 以公开为常态、不公开为例外
    ... 以公开为常态，不公开为例外 公开为常态，不公开为例外 公开是常态、不公开是例外
    ... 公开是常态，不公开是例外 公开是原则，不公开是例外 公开为原则，不公开为例外
    ... 公开为原则、不公开为例外
slogan proactive_disclosure 非涉密，全公开 非涉密、全公开
instrument proactive_disclosure 主动公开 主动公开政府信息 主动公开信息
instrument proactive_disclosure 政府信息公开指南 信息公开指南 公开指南
instrument proactive_disclosure 政府信息公开目录 信息公开目录 公开目录 主动公开目录 主动公开基本目录
instrument proactive_disclosure 政府信息公开专栏 信息公开专栏 政务公开专栏 公开专栏 信息公开栏目
metric proactive_disclosure 主动公开率 公文主动公开率
metric proactive_disclosure 本年新制作数量
metric proactive_disclosure 本年新公开数量
metric proactive_disclosure 对外公开总数量
metric proactive_disclosure 本年制发件数
metric proactive_disclosure 本年废止件数
metric proactive_disclosure 现行有效件数
metric proactive_disclosure 主动公开政府信息数 主动公开政府信息总数 主动公开信息数
metric proactive_disclosure 网站公开政府信息数
metric gazette 政府公报公开政府信息数
legal proactive_disclosure 政府规章 规章
legal proactive_disclosure 地方性法规
legal proactive_disclosure 行政法规
legal proactive_disclosure 政策性文件
legal proactive_disclosure 人事任免
instrument proactive_disclosure 机构职能 机关职能
instrument proactive_disclosure 机构设置
instrument proactive_disclosure 规划计划
instrument proactive_disclosure 为民办实事 惠民实事
# --- 重点领域信息公开 -------------------------------------------------------------------------
area key_areas 重点领域信息公开 重点领域 重点领域政府信息公开
area key_areas 财政预决算 预决算 预决算公开 财政预决算公开 预决算信息公开
area key_areas 部门预决算 部门预算 部门决算
area key_areas 政府预决算 政府预算 政府决算
area key_areas 三公经费
area key_areas 财政资金
area key_areas 专项资金
area key_areas 公共资源配置 公共资源配置领域
area key_areas 公共资源交易
area key_areas 重大建设项目 重大项目 重点项目
area key_areas 社会公益事业 公益事业
area key_areas 脱贫攻坚 脱贫攻坚战 扶贫脱贫 精准扶贫
area key_areas 两不愁三保障
area key_areas 乡村振兴
area key_areas 疫情防控 新冠肺炎疫情 疫情防控信息
area key_areas 复工复产
area key_areas 生态环境 生态环境保护
area key_areas 环境保护 环保
area key_areas 环境影响评价 环评
area key_areas 污染防治 污染防治攻坚战
area key_areas 三大攻坚战
area key_areas 安全生产 生产安全事故 安全生产事故
area key_areas 应急管理
area key_areas 食品药品安全 食品安全 药品安全 食品药品
area key_areas 公共卫生 公共卫生事件
area key_areas 医疗卫生
area key_areas 社会救助
area key_areas 城乡低保 低保
area key_areas 特困人员
area key_areas 社会保障
area key_areas 促进就业 就业创业
area key_areas 义务教育
area key_areas 养老服务
area key_areas 征地拆迁 征收土地 土地征收 征地信息
area key_areas 征地补偿安置方案
area key_areas 国有土地使用权出让
area key_areas 政府采购 政府采购项目 采购项目
area key_areas 招标投标 招投标
area key_areas 国有企业 国资国企
area key_areas 保障性住房 公租房
area key_areas 不动产登记
area key_areas 生活垃圾分类 垃圾分类
area key_areas 规划体系 专项规划
area key_areas 十四五规划
area key_areas 公共企事业单位 公共企事业单位信息公开
area key_areas 民生领域 重点民生领域
area key_areas 公共服务 公共服务事项
area key_areas 公共监管
area key_areas 行政事业性收费
area key_areas 政府集中采购
area key_areas 信用信息 信用信息公开
area key_areas 债券发行
instrument key_areas 业绩考核
# --- 政策解读 ---------------------------------------------------------------------------------
instrument policy_interpretation 政策解读 解读政策
slogan policy_interpretation 谁起草谁解读 谁起草、谁解读
slogan policy_interpretation 三同步 同步起草、同步审批、同步发布 同步起草、同步审签、同步发布
    ... 同步组织、同步审签、同步部署
slogan policy_interpretation 应解读尽解读
instrument policy_interpretation 解读方案
instrument policy_interpretation 解读材料
instrument policy_interpretation 图解 图示图解 图表图解 图文解读
instrument policy_interpretation 视频解读
instrument policy_interpretation 专家解读
instrument policy_interpretation 一图读懂
instrument policy_interpretation 政策问答
slogan policy_interpretation 第一解读人
metric policy_interpretation 解读率
instrument policy_interpretation 解读回应
# --- 回应关切与舆情 ----------------------------------------------------------------------------
instrument public_response 回应关切 回应社会关切 社会关切 关切回应
instrument public_response 舆情回应 政务舆情 舆情监测 网络舆情 舆情应对
instrument public_response 在线访谈
instrument public_response 网民留言 网民留言办理 留言办理
instrument public_response 政民互动 互动交流
instrument public_response 答记者问
instrument public_response 突发事件
platform public_response 问政平潭 全媒体问政
platform public_response 金色热线
# --- 公众参与 ---------------------------------------------------------------------------------
instrument public_participation 公众参与
instrument public_participation 意见征集 征求意见 意见征集反馈
instrument public_participation 政府开放日
instrument public_participation 政府会议开放 会议公开
instrument public_participation 列席会议 列席政府常务会议 列席市政府常务会议
instrument public_participation 重大行政决策
instrument public_participation 决策草案
instrument public_participation 听证会
instrument public_participation 民意调查 问卷调查
instrument public_participation 建言献策
instrument public_participation 利益相关方
# --- 依申请公开 -------------------------------------------------------------------------------
instrument request_handling 依申请公开 依申请 依申请办理
legal request_handling 政府信息公开申请 信息公开申请 公开申请
legal request_handling 申请人
doc request_handling 示范文本 示范文书 依申请办理示范文书
legal request_handling 补正 在线补正
legal request_handling 逾期不补正 无正当理由逾期不补正
legal request_handling 信息处理费 政府信息公开信息处理费
legal request_handling 收费通知
legal request_handling 法定期限
metric request_handling 办结率
metric request_handling 本年新收 本年新收政府信息公开申请数量
metric request_handling 上年结转 上年结转政府信息公开申请数量
metric request_handling 本年度办理结果
metric request_handling 结转下年度继续办理 结转下年度
metric request_handling 申请人情况
legal request_handling 予以公开
legal request_handling 部分公开 予以公开及部分公开
legal request_handling 不予公开
legal request_handling 无法提供
legal request_handling 不予处理
legal request_handling 其他处理
legal request_handling 自然人
legal request_handling 法人或其他组织
legal request_handling 商业企业
legal request_handling 科研机构
legal request_handling 社会公益组织
legal request_handling 法律服务机构
legal request_handling 国家秘密 属于国家秘密
legal request_handling 三安全一稳定
legal request_handling 第三方合法权益 保护第三方合法权益
legal request_handling 三类内部事务信息 三类内部事务
legal request_handling 四类过程性信息 四类过程性
legal request_handling 行政执法案卷
legal request_handling 行政查询事项
legal request_handling 本机关不掌握相关政府信息 本机关不掌握
legal request_handling 没有现成信息需要另行制作 没有现成信息
legal request_handling 补正后申请内容仍不明确
legal request_handling 信访举报投诉类申请 信访举报投诉
legal request_handling 重复申请
legal request_handling 公开出版物 要求提供公开出版物
legal request_handling 无正当理由大量反复申请 大量反复申请
legal request_handling 要求行政机关确认或重新出具已获取信息
metric request_handling 受理政府信息公开申请总数 依申请公开信息总数 受理申请总数
metric request_handling 当面申请 当面申请数
metric request_handling 传真申请 传真申请数
metric request_handling 电子邮件申请 电子邮件申请数
metric request_handling 网上申请 网上申请数
metric request_handling 信函申请 信函申请数
metric request_handling 其他形式申请 其他形式申请数
metric request_handling 对申请的答复总数 对申请的答复数
metric request_handling 同意公开答复数
metric request_handling 同意部分公开答复数
metric request_handling 不同意公开答复数 否决公开答复数 不予公开答复数
metric request_handling 其他类型答复数
metric request_handling 收费减免金额 收费及减免金额
doc request_handling 答复书 答复文书
instrument request_handling 申请渠道
# --- 行政复议与行政诉讼 ------------------------------------------------------------------------
legal appeals_litigation 行政复议 行政复议案件
legal appeals_litigation 行政诉讼 行政诉讼案件
legal appeals_litigation 行政申诉
metric appeals_litigation 结果维持
metric appeals_litigation 结果纠正
metric appeals_litigation 其他结果
metric appeals_litigation 尚未审结
metric appeals_litigation 未经复议直接起诉
metric appeals_litigation 复议后起诉
metric appeals_litigation 纠错率
legal appeals_litigation 败诉 零败诉
legal appeals_litigation 应诉
metric appeals_litigation 行政复议数
metric appeals_litigation 行政诉讼数
metric appeals_litigation 行政申诉数
metric appeals_litigation 举报数
# --- 政府信息管理 -----------------------------------------------------------------------------
instrument information_management 公开属性 公开属性源头认定 源头认定 公开属性源头管理 信息公开属性
    ... 政府信息公开属性
instrument information_management 发布审核 信息发布审核 审核发布
instrument information_management 保密审查
slogan information_management 三审三校
slogan information_management 分级审核、先审后发 先审后发
slogan information_management 先审查、后公开
slogan information_management 一事一审
slogan information_management 涉密不上网，上网不涉密 涉密不上网、上网不涉密
slogan information_management 谁发布谁负责、谁审核谁负责 谁发布谁负责
slogan information_management 谁公开、谁审查，谁审查、谁负责 谁公开谁审查
instrument information_management 去标识化
legal information_management 个人隐私
legal information_management 规范性文件 行政规范性文件
instrument information_management 规范性文件清理 专项清理
instrument information_management 规范性文件库 规范性文件数据库 政策文件库
instrument information_management 报备 备案审查
instrument information_management 政府信息管理 信息管理
instrument information_management 归档
instrument information_management 文号
instrument information_management 公文公开属性
instrument information_management 信息资源
# --- 政府网站 ---------------------------------------------------------------------------------
platform gov_websites 政府网站 政府门户网站 门户网站 门户网 人民政府门户网站
platform gov_websites 政府网站集约化 网站集约化 集约化平台 集约化建设
platform gov_websites 网站群 网站集群 门户网站群
platform gov_websites 部门网站
instrument gov_websites 网站监管 政府网站监管
instrument gov_websites 网站普查 政府网站普查
instrument gov_websites 改版升级 升级改版
instrument gov_websites 栏目设置
instrument gov_websites 专题专栏
instrument gov_websites 读网巡查
instrument gov_websites 我为政府网站找错
instrument gov_websites 智能问答
instrument gov_websites 智能搜索
instrument gov_websites 网站域名
instrument gov_websites 三级等保
platform gov_websites 中国政府网
platform gov_websites 中国上海
platform gov_websites 中国平潭
# --- 政务新媒体 -------------------------------------------------------------------------------
platform new_media 政务新媒体 新媒体
platform new_media 政府网站与政务新媒体 政府网站和政务新媒体
platform new_media 两微一端 两微
platform new_media 微信公众号 政务微信 公众号
platform new_media 微博 政务微博
platform new_media 抖音 抖音号
platform new_media 移动端 移动客户端 客户端
platform new_media 小程序
platform new_media 政务APP APP
platform new_media 短视频
platform new_media 新媒体矩阵 政务新媒体矩阵
instrument new_media 政务新媒体备案 政务新媒体备案系统
instrument new_media 关停整合
slogan new_media 集约开设、及时注销
slogan new_media 指尖上的形式主义
platform new_media 融媒体中心
platform new_media 上海发布
metric new_media 新媒体账号 政务新媒体账号
# --- 政府公报 ---------------------------------------------------------------------------------
platform gazette 政府公报 人民政府公报 公报
instrument gazette 公报电子化
instrument gazette 刊载文件
# --- 新闻发布 ---------------------------------------------------------------------------------
instrument press_release 新闻发布会 新闻发布
instrument press_release 新闻发言人 新闻发言人制度
instrument press_release 吹风会 政策吹风会
instrument press_release 媒体见面会
# --- 12345热线 --------------------------------------------------------------------------------
platform hotline_12345 12345热线 12345政务热线 12345政务服务便民热线 12345市民服务热线
    ... 12345便民服务热线 12345政务服务热线
platform hotline_12345 12345平台 12345便民服务平台
platform hotline_12345 政务热线 政务热线电话 便民热线 便民服务热线 咨询热线
instrument hotline_12345 热线整合
instrument hotline_12345 知识库
instrument hotline_12345 工单
instrument hotline_12345 诉求件
# --- 线下公开与查阅场所 -----------------------------------------------------------------------
platform offline_access 政府信息查阅点 查阅点 公众查阅点 信息公开查阅点 政府信息公开查阅点
platform offline_access 政府信息查阅场所 查阅场所 公众查阅场所
platform offline_access 档案馆 国家档案馆
platform offline_access 图书馆 公共图书馆
platform offline_access 政务服务中心 行政服务中心
platform offline_access 政务服务大厅 政务大厅 实体政务大厅 办事大厅 服务大厅
platform offline_access 公示栏
platform offline_access 政务公开栏 公开栏
platform offline_access 宣传栏
platform offline_access 公告栏
platform offline_access 电子显示屏 电子屏 LED屏
platform offline_access 集中受理点
platform offline_access 资料索取点
platform offline_access 查询专区 政务公开专区
instrument offline_access 综合窗口
# --- 放管服与营商环境 -------------------------------------------------------------------------
slogan deregulation_business 放管服 放管服改革
instrument deregulation_business 双随机、一公开 双随机一公开
instrument deregulation_business 减税降费
instrument deregulation_business 权责清单 权力清单 行政权力清单 权责清单目录
instrument deregulation_business 责任清单
instrument deregulation_business 证明事项 证明事项清单
instrument deregulation_business 市场准入负面清单 负面清单
instrument deregulation_business 涉企收费清单
instrument deregulation_business 公共服务清单
instrument deregulation_business 商事制度改革
area deregulation_business 营商环境 优化营商环境 法治化营商环境
instrument deregulation_business 事中事后监管
instrument deregulation_business 信用监管
instrument deregulation_business 减证便民
instrument deregulation_business 一企一证
instrument deregulation_business 简政放权
instrument deregulation_business 行政审批 行政审批事项
instrument deregulation_business 工程建设项目审批制度改革 工程项目审批制度改革
instrument deregulation_business 中介超市
instrument deregulation_business 双公示
instrument deregulation_business 一窗受理
legal deregulation_business 行政许可
legal deregulation_business 行政处罚
legal deregulation_business 行政强制
legal deregulation_business 其他对外管理服务事项
metric deregulation_business 处理决定数量 本年处理决定数量
metric deregulation_business 上一年项目数量
metric deregulation_business 采购项目数量
metric deregulation_business 采购总金额
# --- 数字政府与政务服务 -----------------------------------------------------------------------
platform digital_government 互联网+政务服务 互联网＋政务服务
platform digital_government 互联网+监管 互联网＋监管
platform digital_government 一网通办
platform digital_government 一部手机办事通
platform digital_government 数字云南
platform digital_government 数字政府
platform digital_government 电子政务
platform digital_government 政务服务
instrument digital_government 电子证照 电子证照库
instrument digital_government 数据开放 公共数据开放 数据开放共享
instrument digital_government 数据共享
platform digital_government 信用信息共享平台
platform digital_government 政务服务网 福建政务服务网
platform digital_government 网上办事大厅 线上办事大厅 网上服务大厅
platform digital_government 政务服务平台 一体化政务服务平台 一体化互联网政务服务平台
slogan digital_government 一窗通办
slogan digital_government 全程网办
slogan digital_government 不见面审批
slogan digital_government 最多跑一次
slogan digital_government 跨省通办
slogan digital_government 一件事一次办
instrument digital_government 好差评 政务服务好差评
instrument digital_government 办事指南 政务服务办事指南
instrument digital_government 政务服务事项
instrument digital_government 网上办事
instrument digital_government 电子签章
instrument digital_government 电子公文
platform digital_government OA系统
platform digital_government 政务云
platform digital_government 平潭通
platform digital_government 随申办
# --- 法治政府与执法公开 -----------------------------------------------------------------------
slogan law_based_government 法治政府 法治政府建设
slogan law_based_government 依法行政
instrument law_based_government 行政执法三项制度 三项制度
instrument law_based_government 行政执法公示制度 行政执法公示
instrument law_based_government 执法全过程记录制度 执法全过程记录
instrument law_based_government 重大执法决定法制审核制度 重大执法决定法制审核
instrument law_based_government 合法性审查 合法性审核
instrument law_based_government 法律顾问
instrument law_based_government 行政执法
instrument law_based_government 行政权力运行 权力运行
slogan law_based_government 服务型政府
# --- 基层政务公开标准化规范化 -----------------------------------------------------------------
instrument grassroots_standardization 基层政务公开标准化规范化 政务公开标准化规范化 标准化规范化
instrument grassroots_standardization 基层政务公开
instrument grassroots_standardization 标准目录 基层政务公开标准目录 政务公开事项标准目录
instrument grassroots_standardization 村务公开 居务公开
instrument grassroots_standardization 试点领域
instrument grassroots_standardization 公开事项 政务公开事项
# --- 组织领导与机构队伍 -----------------------------------------------------------------------
org organization_leadership 领导小组 政务公开领导小组 政府信息公开工作领导小组 工作领导小组
org organization_leadership 工作机构
metric organization_leadership 专职人员 全职人员
metric organization_leadership 兼职人员
metric organization_leadership 工作经费 专项经费
instrument organization_leadership 组织领导
org organization_leadership 分管领导
org organization_leadership 主要领导 主要负责人
instrument organization_leadership 队伍建设
instrument organization_leadership 人员编制
org organization_leadership 政务公开办公室 政府信息公开办公室 政府信息公开工作办公室 公开办 省公开办
    ... 国办公开办 国办信息公开办
org organization_leadership 国务院办公厅政府信息与政务公开办公室
org organization_leadership 经办人员
# --- 监督考核 ---------------------------------------------------------------------------------
instrument supervision_evaluation 考核评估 考评 考核
instrument supervision_evaluation 第三方评估 第三方机构 第三方评估机构 第三方评测机构
instrument supervision_evaluation 督查通报 督查检查 督促检查
instrument supervision_evaluation 社会评议 社会评议制度
instrument supervision_evaluation 责任追究 责任追究制度
instrument supervision_evaluation 绩效考核
instrument supervision_evaluation 综合考评 年度综合考评 综合考评体系
instrument supervision_evaluation 考核指标 考评指标
instrument supervision_evaluation 监督检查 日常监督检查
instrument supervision_evaluation 季度检查 季度巡查
instrument supervision_evaluation 日常监测
instrument supervision_evaluation 常态化监管
instrument supervision_evaluation 回头看
instrument supervision_evaluation 效能问责
instrument supervision_evaluation 考评方案
instrument supervision_evaluation 分值权重
# --- 宣传培训 ---------------------------------------------------------------------------------
instrument training_publicity 业务培训
instrument training_publicity 条例宣传
instrument training_publicity 以会代训
instrument training_publicity 专题培训
instrument training_publicity 培训指导
instrument training_publicity 跟班学习 跟班学习制度
instrument training_publicity 传帮带
instrument training_publicity 宣传培训
# --- organisations --------------------------------------------------------------------------
org - 国务院办公厅 国办
org - 省政府办公厅 省人民政府办公厅
org - 市政府办公厅 市人民政府办公厅
org - 人民政府办公室 政府办公室
org - 人民政府
org - 党中央
org - 国务院
org - 省委
org - 市委
org - 区委
org - 党工委
org - 管委会
org - 乡镇人民政府
org - 街道办事处
org - 政务服务管理局
org - 行政审批局
org - 市场监督管理局
org - 司法厅
org - 司法部
org - 财政厅
org - 网信办
org - 编制委员会办公室
org - 行政机关 各级行政机关
org - 平潭综合实验区 实验区
org - 平潭综合实验区管委会 实验区管委会
org - 云南省人民政府
org - 上海市人民政府
org - 国务院安委会
# --- documents ------------------------------------------------------------------------------
doc - 政府信息公开条例 中华人民共和国政府信息公开条例
doc - 政府信息公开工作年度报告 年度报告
doc - 政务公开工作要点 工作要点
doc - 政府工作报告
doc - 政府信息公开规定
doc - 政府信息公开办法
doc - 重大行政决策程序暂行条例
doc - 优化营商环境条例
doc - 行政许可法 中华人民共和国行政许可法
doc - 民法典
doc - 政府网站发展指引
doc - 年度报告格式
doc - 政府信息公开信息处理费管理办法
doc - 政策文件
doc - 规章制度
doc - 国务院令
doc - 实施方案
doc - 实施意见
doc - 实施细则
doc - 管理办法
doc - 工作方案
doc - 指导意见
doc - 暂行办法
doc - 任务分解表 主要任务分解表
doc - 政府文件
doc - 统计表 政府信息公开情况统计表
"""

# Accepted from the ``--candidates`` review (same format as CURATED).
MINED = """
instrument proactive_disclosure 公开渠道
platform proactive_disclosure 政务公开平台 信息发布平台
instrument proactive_disclosure 信息发布
instrument proactive_disclosure 公开单位 政府信息公开单位 政务公开单位
platform proactive_disclosure 政务公开工作平台

instrument - 机构改革 政府机构改革
instrument - 高质量发展
instrument public_response 群众关切
instrument public_response 热点问题
instrument public_participation 意见反馈
instrument press_release 发布会
instrument press_release 权威发布
area key_areas 购置补贴 农机购置补贴
instrument deregulation_business 行政权力
instrument offline_access 线下公开
instrument gov_websites 办事服务
metric request_handling 答复率
"""

# Candidates that were read and refused: fragments and compositional phrases (kept so that
# ``--candidates`` shows only what nobody has reviewed yet). Not exhaustive of every refusal
# of the first review, which also refused every candidate starting or ending in a function
# character (的, 和, 等, 是, 对, 将, 与, 了 …), see ``_junk``.
_REJECTED_TEXT = """
公开工作 信息公开工作 政府信息公开工作年度 工作机制 政务公开工作 政务公开的 政务公开工作的
公开工作的 公开的 工作的 各部门 各单位 推进政府 全面推进 等方面 主动公开的 公开信息 等信息 严格落实
平台建设 领域信息公开 省政府 办公厅 办公室 本报告 第二十条第 区政府 市政府 申请数 信息内容 社会公
工作要 项信息内容 项加第 项之和 公开办理 各地各部门 推进政务 推进政务公开 全面推进政务公开 公开情况
及时公开 工作要求 向社会 办公厅关于 关于印发 共发布 进一步规范 严格按照 组织开展 及时发布 工作方案
区直各部门 全区政府 对外公开 相关部门 关于做好 深入推进 全面梳理 改进措施 需进一步 还不够 提升政府
取得了一定 等相关 依申请公开工作 政府门户网站上 门户网站上 共受理 管理和 问题和 还存在 过程中
提升政务公开 企业和群众 加强政策解读 工作部署 推进政府网站 推动政务公开 依法依规 等多种 督促各
内容的 领域的 公开发布 第一时间 等工作 规范化建设 经济社会发展 信息及时 公开业务 将政务公开
全区政务公开工作 单位政府信息公开 各有关单位 等方面的 和指导 单位对 进行了 获取政府信息 密切相关的
是政府 进一步增强 服务的 和实施 网站的 重要信息 的形式 机关的 政府机关 等部门 相关工作
做好政府信息公开 在政府门户网站 各相关单位 等方式 是加大 文件等 等功能 区行政服务中心 区直各单位
落实情况 和政策 文件进行 公告等 等形式 的解读 调整完善 完善政府网站 区政府网站 群众办事 着力推进
强化政府网站 问题进行 审查工作 等重要 建设等 要求和 公开信息的 市政府办公厅 等重点 提升信息公开
发现的问题 是政策解读 完善公开 等各项 工作推进 和优化 与政府 和业务 业务工作 是强化 各片区
淮安市人民政府 建设和 监督和 集中的 单位工作 公开与 是深入 政府的 为群众提供 政务信息公开工作
是落实 等进行 管理的 和热点问题 的部门和 群众的 了政务公开 工作职责 产生的 及时调整 的若干 的网站
和省政府 清单和 措施和 信息等 是推动 环境信息 信息公开和 的相关 提升政务公开工作 的政策文件 情况的
信息和 等政府 政策措施的 和协调 开展政务 进一步优化 统一的 新媒体平台 各领域 情况进行 的政策解读
和社会 公开工作相关 市政府常务会议 开展了 政府决策 解读方式 各行政机关 深化政务公开 公开等 等公开
市政府各部门 加大政务公开 全市政务公开 是全面 健全完善 监管为 主动发布 的沟通 调整优化 流程和
类热线 政务公开业务 政务新媒体等 存在的问题 政策解读质量 工作任务 各政务公开单位 新发展
平潭县人民政府 区管委会办公室 省人民政府 区政府信息公开工作 区管委会 日常读网 政务新媒体管理
政务新媒体检查 做好政府信息 政务信息公开 信息公开栏目 重点工作 人民群众 公开为 进一步 公开内容
公开范围 公开载体 公开质量 公开平台 信息公开平台 常态化 全流程 时间节点 日常监管 动态调整 动态更新
重要政策 重大政策 解读形式 政策解读形式 审核发布机制 信息更新 审批服务 信息公开申请办理 申请办理
考核机制 能力建设 加强政 推进公 完善政 强化政 确保政 提升政 做好政
政府信息公开工作 领域政府信息公开 政府工作 区政府门户网站 实验区政府门户网站 信息公开平台建设 单位信息公开
全省政府 发布政策 重点公开 相关政策 服务事项 加强信息 信息进行 日常工作 政务公开新闻发布 发现问题
"""
REJECTED = frozenset(_REJECTED_TEXT.split())

_FUNCTION_EDGE = set("的和等是对将与了及在为向由从于并或其各")


def _junk(gram: str) -> bool:
    return gram[0] in _FUNCTION_EDGE or gram[-1] in _FUNCTION_EDGE


def parse(block: str) -> list[tuple[str, str, str, str]]:
    """(term, canonical, tag, theme) for every term of a CURATED/MINED block."""
    concepts: list[list[str]] = []
    for line in block.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("..."):  # more variants of the line above
            concepts[-1].extend(line[3:].split())
        else:
            concepts.append(line.split())
    rows = []
    for tag, theme, canonical, *variants in concepts:
        if tag not in TAGS:
            raise ValueError(f"unknown tag {tag!r}: {canonical}")
        theme = "" if theme == "-" else theme
        if theme and theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}: {canonical}")
        for term in (canonical, *variants):
            rows.append((term, canonical, tag, theme))
    return rows


def corpus_reports() -> list:
    """Every shipped report as textmine reads it (normalised ``text`` and ``sentences``); no text
    mining, which would itself need the lexicon."""
    sys.path.insert(0, str(ROOT))
    import textmine

    reports = []
    for path in sorted((ROOT / "corpora").iterdir()):
        if path.suffix.lower() in {".txt", ".html", ".htm", ".pdf", ".docx"}:
            reports.append(textmine.analyze_file(path, text_mining=False))
    return reports


def build(reports) -> list[tuple[str, str, int, str, str]]:
    """The rows of lexicon.tsv: (term, canonical, freq, tag, theme), most frequent first."""
    rows = parse(CURATED) + parse(MINED)
    seen: dict[str, str] = {}
    for term, canonical, *_ in rows:
        if term in seen:
            raise ValueError(f"{term} listed twice (canonical {seen[term]} and {canonical})")
        seen[term] = canonical
    text = "\n".join(r.text for r in reports)
    out = []
    for term, canonical, tag, theme in rows:
        count = text.count(term)
        out.append((term, canonical, max(count, FLOOR), tag, theme, count))
    out.sort(key=lambda r: (-r[5], r[0]))
    return [r[:5] for r in out]


def write(rows, path: Path = OUT) -> None:
    """Write the rows as lexicon.tsv with its two comment lines."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# textmine domain lexicon, written by models/build_lexicon.py (edit that file, not this)\n")
        fh.write(f"# term\tcanonical\tfreq\ttag\ttheme   (freq = count in corpora/, floor {FLOOR})\n")
        for term, canonical, freq, tag, theme in rows:
            fh.write(f"{term}\t{canonical}\t{freq}\t{tag}\t{theme}\n")


def candidates(reports, min_count: int = 3, min_entropy: float = 0.9) -> list[tuple[int, float, str]]:
    """Mined candidates (see the module doc) not yet in the lexicon nor refused."""
    import jieba

    jieba.setLogLevel(60)
    grams: collections.Counter = collections.Counter()
    left: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    right: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for report in reports:
        for sentence in report.sentences:
            for run in re.findall(r"[\u4e00-\u9fff]+", sentence.text):
                toks = jieba.lcut(run, HMM=False)
                for n in (2, 3, 4):
                    for i in range(len(toks) - n + 1):
                        gram = "".join(toks[i:i + n])
                        if 3 <= len(gram) <= 10:
                            grams[gram] += 1
                            left[gram][toks[i - 1] if i else "<s>"] += 1
                            right[gram][toks[i + n] if i + n < len(toks) else "</s>"] += 1

    def entropy(counter: collections.Counter) -> float:
        total = sum(counter.values())
        return -sum(v / total * math.log(v / total) for v in counter.values())

    known = {row[0] for row in parse(CURATED) + parse(MINED)} | REJECTED
    out = []
    for gram, count in grams.items():
        if count < min_count or gram in known or _junk(gram):
            continue
        h = min(entropy(left[gram]), entropy(right[gram]))
        if h >= min_entropy:
            out.append((count, round(h, 2), gram))
    return sorted(out, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", action="store_true", help="print unreviewed mined candidates")
    args = parser.parse_args()
    reports = corpus_reports()
    if args.candidates:
        for count, h, gram in candidates(reports):
            print(f"{count}\t{h}\t{gram}")
        return
    rows = build(reports)
    write(rows)
    print(f"wrote {len(rows)} terms ({len({r[1] for r in rows})} canonical) to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

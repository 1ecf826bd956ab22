package io.dingtalketl.simulator;

import java.util.SplittableRandom;

/**
 * Word pools for generated names and attributes. A few entries deliberately contain quotes, an
 * apostrophe or emoji, because real DingTalk orgs do and clients must escape them correctly.
 */
final class ChineseNames {

    private ChineseNames() {
    }

    static final String[] COMPANIES = {
        "杭州云栖科技有限公司", "北京星河数据有限公司", "上海青禾网络科技有限公司", "深圳鲲鹏智能有限公司",
        "成都锦城软件有限公司", "南京紫金信息技术有限公司", "苏州\"智造\"工业互联网有限公司"};

    static final String[] CORP_DOMAINS = {
        "yunqi-tech.com", "xinghe-data.cn", "qinghe.net", "kunpeng-ai.com", "jincheng-soft.com", "zijin-it.cn",
        "smart-factory.cn"};

    static final String[] TOP_DEPARTMENTS = {
        "研发中心", "产品部", "市场部", "销售部", "人力资源部", "财务部", "行政部", "法务部", "客户成功部", "运营中心",
        "华东区", "华北区", "华南区", "西南区", "海外事业部", "供应链管理部", "质量管理部", "战略投资部"};

    static final String[] SUB_DEPARTMENTS = {
        "前端组", "后端组", "测试组", "架构组", "数据平台组", "移动端组", "算法组", "设计组", "招聘组", "培训组",
        "薪酬绩效组", "会计组", "审计组", "品牌组", "渠道组", "大客户组", "直销一组", "直销二组", "售前支持组",
        "运维组", "安全组", "杭州分公司", "上海分公司", "南京办事处", "苏州办事处", "合肥办事处", "北京分公司",
        "天津办事处", "广州分公司", "深圳研发中心", "成都分公司", "武汉办事处", "西安研究院", "新媒体组", "活动策划组",
        "采购组", "仓储组", "物流组", "客服一组", "客服二组", "用户研究组", "基础设施组", "中间件组", "搜索推荐组",
        "商业化组", "国际化组", "合规组", "知识产权组", "企业文化组", "IT支持组"};

    static final String[] SPECIAL_DEPARTMENTS = {
        "\"未来\"实验室", "O'Neil 小组", "🚀 增长组", "创新'孵化'中心", "🎯 目标管理办公室", "\"双十一\"项目组",
        "Café ☕ 运营组", "AI 🤖 研究院"};

    static final String[] SURNAMES = {
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
        "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
        "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
        "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段",
        "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴", "孔",
        "欧阳", "司马", "诸葛", "上官"};

    static final String[] GIVEN_CHARS = {
        "伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
        "兰", "霞", "平", "刚", "桂", "华", "玉", "萍", "红", "玲", "芬", "燕", "彬", "鑫", "浩", "宇", "轩", "涵", "萱",
        "诺", "欣", "怡", "晨", "曦", "俊", "思", "远", "雨", "桐", "梓", "子", "一", "文", "博", "嘉", "琪", "悦", "然"};

    static final String[] SPECIAL_PEOPLE = {
        "李\"小龙\"", "O'Brien 王", "张三😀", "Zoë 陈", "\"阿\"强", "周👍杰", "王'五'", "Mike 刘 🎸"};

    static final String[] TITLES = {
        "工程师", "高级工程师", "资深工程师", "技术专家", "产品经理", "高级产品经理", "设计师", "销售代表", "客户经理",
        "区域经理", "财务专员", "会计", "人事专员", "HRBP", "行政助理", "部门经理", "总监", "副总裁", "实习生", "运营专员",
        "测试工程师", "数据分析师", "架构师", "法务顾问"};

    static final String[] WORK_PLACES = {
        "杭州市西湖区文一西路969号", "北京市朝阳区望京东园", "上海市浦东新区张江高科", "深圳市南山区科技园",
        "成都市高新区天府软件园", "南京市雨花台区软件大道", "远程办公", "苏州工业园区\"星湖\"街328号"};

    static final String[] REMARKS = {
        "外包转正", "试用期", "兼职", "返聘", "借调自总部", "备注：含\"特殊\"字符", "驻场客户现场", "产假中"};

    static final String[] HOBBIES = {"旅游", "摄影", "跑步", "羽毛球", "读书", "烹饪", "登山", "钓鱼"};

    static final String[] EMAIL_DOMAINS = {"qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "foxmail.com"};

    static final String[] PINYIN = {
        "zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu",
        "guo", "he", "gao", "lin", "wei", "fang", "na", "min", "jing", "lei", "jun", "yong", "jie", "tao", "ming",
        "chao", "hua", "yu", "xuan", "han", "xin", "yi", "chen", "hao", "bo"};

    private static final char[] ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    static String pick(SplittableRandom rnd, String[] pool) {
        return pool[rnd.nextInt(pool.length)];
    }

    static String personName(SplittableRandom rnd) {
        if (rnd.nextInt(100) < 2) {
            return pick(rnd, SPECIAL_PEOPLE);
        }
        StringBuilder name = new StringBuilder(pick(rnd, SURNAMES)).append(pick(rnd, GIVEN_CHARS));
        if (rnd.nextInt(100) < 65) {
            name.append(pick(rnd, GIVEN_CHARS));
        }
        return name.toString();
    }

    static String departmentName(SplittableRandom rnd, boolean topLevel) {
        if (rnd.nextInt(100) < 3) {
            return pick(rnd, SPECIAL_DEPARTMENTS);
        }
        return pick(rnd, topLevel ? TOP_DEPARTMENTS : SUB_DEPARTMENTS);
    }

    static String digits(SplittableRandom rnd, int count) {
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            chars[i] = (char) ('0' + rnd.nextInt(10));
        }
        return new String(chars);
    }

    static String alnum(SplittableRandom rnd, int count) {
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            chars[i] = ALNUM[rnd.nextInt(ALNUM.length)];
        }
        return new String(chars);
    }

    static String pinyin(SplittableRandom rnd) {
        return pick(rnd, PINYIN) + pick(rnd, PINYIN);
    }
}
